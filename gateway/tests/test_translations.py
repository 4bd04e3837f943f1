"""Every text the portal shows has a Dutch translation (the portal speaks nl and en)."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import gateway

PACKAGE = Path(gateway.__file__).parent
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def extracted_messages() -> set:
    return {message if isinstance(message, str) else message[0]
            for _, _, message, _, _ in extract_from_dir(PACKAGE, METHODS, keywords=KEYWORDS)}


def test_every_portal_text_is_translated_to_dutch():
    with open(PACKAGE / "translations/nl/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale="nl")
    translated = {(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog
                  if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    missing = sorted(extracted_messages() - translated)
    assert missing == [], f"add these to translations/nl/LC_MESSAGES/messages.po: {missing}"
