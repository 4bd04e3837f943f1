"""Counts in sentences written as the reader's language writes numbers: "1,234 orders",
"1.234 bestellingen". `ngettext` is Flask-Babel's with its count (`%(num)s`, never `%(num)d`)
formatted by the locale; the templates' `ngettext` is this one too."""
from flask_babel import format_decimal, get_translations
from jinja2 import pass_context
from markupsafe import Markup


def _counted(text: str, num: int, variables: dict) -> str:
    return text % {"num": format_decimal(num), **variables}


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    return _counted(get_translations().ungettext(singular, plural, num), num, variables)


@pass_context
def _template_ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    # As Jinja's own (newstyle): under autoescaping the values are escaped into the text.
    text = get_translations().ungettext(singular, plural, num)
    return _counted(Markup(text) if context.eval_ctx.autoescape else text, num, variables)


def register(app) -> None:
    app.jinja_env.globals["ngettext"] = _template_ngettext
