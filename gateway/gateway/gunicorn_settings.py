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
