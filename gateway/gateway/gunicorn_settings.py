"""gunicorn's settings for the gateway, the same under `make run` and in the image
(`gunicorn --config python:gateway.gunicorn_settings`); GUNICORN_CMD_ARGS and the command line
override them."""
accesslog = "-"
# No request line limit of gunicorn's, which answers an HTML page: the gateway answers a URL that
# is too long itself (input_guards.LONGEST_URL); gunicorn still stops reading at 1 MB.
limit_request_line = 0
logger_class = "gateway.access_log.AccessLog"
# gunicorn's default without %(u)s, the HTTP Basic user name: for the API that is the key.
access_log_format = '%(h)s %(l)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
# Idle keep-alive connections stay open longer than clients and proxies reuse them (nginx's
# upstream default is 60 s): with gunicorn's 2 s, a request sent on a connection just as the
# gateway closed it was lost before it was read (seen in the fault tests).
keepalive = 75
