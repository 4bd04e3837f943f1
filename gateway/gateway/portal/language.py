"""Which language a page is in: the user's own, else the one picked on the login page, else the
browser's preference among the portal's languages."""
from flask import current_app, g, request, session


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    user = g.get("user")
    if user and user.get("language") in languages:
        return user["language"]
    if session.get("language") in languages:
        return session["language"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
