"""Flask's signed-cookie sessions, without making the signer for a request that carries no
session cookie: every API request (the API authenticates with its key) and a portal visitor's
first page. Flask makes it first, for every request, and that was 5 % of a gateway worker's
time on an API product read."""
from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()  # what Flask answers then too, once it has made the signer
        return super().open_session(app, request)
