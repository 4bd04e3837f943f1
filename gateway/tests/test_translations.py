"""Every text the portal shows has a Dutch translation (the portal speaks nl and en): each message
in the templates and the code has a Dutch text in the catalog, every plural form is written, none
is marked fuzzy (a guess pybabel made, shown as if it were right), and each keeps the placeholders
of its English."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import gateway

PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")

PACKAGE = Path(gateway.__file__).parent
CATALOG = PACKAGE / "translations/nl/LC_MESSAGES/messages.po"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2)}


def extracted_messages() -> set:
    return {message if isinstance(message, str) else message[0]
            for _, _, message, _, _ in extract_from_dir(PACKAGE, METHODS, keywords=KEYWORDS)}


@pytest.fixture(scope="module")
def catalog():
    with open(CATALOG, "rb") as po:
        return read_po(po, locale="nl")


def singular(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def is_translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(text.strip() for text in strings)


def test_every_portal_text_is_translated_to_dutch(catalog):
    translated = {singular(m) for m in catalog if m.id and is_translated(m)}
    missing = sorted(extracted_messages() - translated)
    assert missing == [], f"add these to translations/nl/LC_MESSAGES/messages.po: {missing}"


def test_no_entry_is_empty_fuzzy_or_short_of_a_plural_form(catalog):
    assert [singular(m) for m in catalog if m.id and not is_translated(m)] == []
    assert [singular(m) for m in catalog if m.id and m.fuzzy] == [], "check these and remove '#, fuzzy'"
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert plurals and all(len(m.string) == catalog.num_plurals for m in plurals)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_translation_keeps_the_placeholders_of_its_english(catalog):
    """A placeholder lost or misspelt in Dutch is a KeyError, or a number missing, on the page."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            if placeholders(message.string) != placeholders(message.id):
                problems.append(message.id)
        elif any(not placeholders(form) <= placeholders(" ".join(message.id)) for form in message.string):
            problems.append(message.id[0])  # a plural form may leave the count out ("één regel"), not add one
    assert problems == []


def test_a_count_in_a_sentence_is_written_as_the_readers_language_writes_numbers(catalog):
    """ngettext (gateway.portal.counts) hands the count in formatted, 1,234 or 1.234: `%(num)d`
    would fail on it, so every singular and plural takes it as `%(num)s`."""
    assert [m.id[0] for m in catalog if m.id and m.pluralizable and "%(num)d" in " ".join(m.id)] == []
    assert [message for message in extracted_messages() if "%(num)d" in message] == []
