"""A refused import's row problems in the reader's language. The services word them in English
for every caller (servicekit.line_import for order and purchase order lines, catalog's product
import); the portal knows their shapes and says them again, or shows a problem it does not know
as written."""
import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from gateway.portal.remote_form_errors import translated

_EMPTY = ("None", "''")  # how a missing amount is written (Python's repr of an empty cell)
_SHAPES = (
    (re.compile(r"no product code"), _l("There is no product code.")),
    (re.compile(r"'(?P<code>.*)' is also on row (?P<row>\d+)"), _l("“%(code)s” is also on row %(row)s: give each product once.")),
    (re.compile(r"unknown product code '(?P<code>.*)'"), _l("“%(code)s” is not one of your product codes.")),
    (re.compile(r"(?P<value>.*) is not a whole number from 1 to (?P<max>\d+)"),
     _l("%(value)s is not a whole number from 1 to %(max)s.")),
)


def import_problem(message: str) -> str:
    for shape, text in _SHAPES:
        if found := shape.fullmatch(message):
            words = found.groupdict()
            if "max" in words:
                words["max"] = format_decimal(int(words["max"]))
                if words["value"] in _EMPTY:
                    return str(_l("The amount is empty: enter a whole number from 1 to %(max)s.") % words)
                words["value"] = words["value"].strip("'")
            return str(text % words)
    return str(translated(message))
