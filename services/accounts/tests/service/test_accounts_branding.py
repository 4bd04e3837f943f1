import base64

import pytest
from nameko.exceptions import RemoteError

from accounts.schemas import BrandingOutput
from servicekit.testing import assert_shape

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_customer_branding_wins_field_by_field_over_the_one_for_all(rpc):
    acme = rpc.create_customer({"name": "Acme"})["idfulfilment_customer"]
    common = rpc.set_branding(None, {"text": "Warehouse Tilburg", "dashboard_text": "Orders before 15:00 ship today.",
                                     "logo": base64.b64encode(PNG).decode()})
    assert_shape(BrandingOutput, common)
    rpc.set_branding(acme, {"text": "Acme's warehouse", "link": "https://warehouse.example"})
    shown = rpc.get_portal_branding(acme)
    assert shown["text"] == "Acme's warehouse" and shown["dashboard_text"] == "Orders before 15:00 ship today."
    assert shown["logo_version"] == common["logo_version"]
    logo = rpc.get_portal_logo(acme)
    assert logo["content_type"] == "image/png" and base64.b64decode(logo["data"]) == PNG


@pytest.mark.parametrize("logo,message", [
    (base64.b64encode(b"<svg onload=alert(1)>").decode(), "logo: Not a PNG, JPEG, GIF or WebP image."),
    (base64.b64encode(PNG + b"\x00" * 200_001).decode(), "logo: Too large"),
    ("%%%not-base64", "logo: Not base64-encoded."),
])
def test_logo_that_is_not_an_image_or_too_large_is_refused_and_nothing_is_written(rpc, logo, message):
    rpc.set_branding(None, {"text": "Before"})
    with pytest.raises(RemoteError) as error:
        rpc.set_branding(None, {"text": "After", "logo": logo})
    assert error.value.exc_type == "InvalidBranding" and message in error.value.value
    assert rpc.get_branding(None)["text"] == "Before"


def test_link_must_be_http_and_unknown_customer_is_not_found(rpc):
    with pytest.raises(RemoteError) as error:
        rpc.set_branding(None, {"link": "javascript:alert(1)"})
    assert error.value.exc_type == "InvalidBranding" and "link" in error.value.value
    with pytest.raises(RemoteError) as error:
        rpc.set_branding(999, {"text": "x"})
    assert error.value.exc_type == "CustomerNotFound"


def test_texts_per_language_fall_back_to_the_default_text_and_then_to_the_one_for_all(rpc):
    acme = rpc.create_customer({"name": "Acme"})["idfulfilment_customer"]
    rpc.set_branding(None, {"text": "Warehouse Tilburg", "dashboard_text": "Orders before 15:00 ship today.",
                            "translations": {"nl": {"dashboard_text": "Voor 15:00 besteld, vandaag verzonden."}}})
    rpc.set_branding(acme, {"translations": {"nl": {"text": "Magazijn van Acme"}}})
    dutch, english, unsaid = (rpc.get_portal_branding(acme, language) for language in ("nl", "en", None))
    assert (dutch["text"], dutch["dashboard_text"]) == ("Magazijn van Acme", "Voor 15:00 besteld, vandaag verzonden.")
    assert (english["text"], english["dashboard_text"]) == ("Warehouse Tilburg", "Orders before 15:00 ship today.")
    assert unsaid == english
    # The customer's own default text wins over the text for all in the reader's language.
    rpc.set_branding(acme, {"dashboard_text": "Acme ships at 16:00."})
    assert rpc.get_portal_branding(acme, "nl")["dashboard_text"] == "Acme ships at 16:00."


def test_translations_change_per_language_and_field_and_an_empty_text_removes_one(rpc):
    rpc.set_branding(None, {"translations": {"nl": {"text": "Magazijn", "dashboard_text": "Welkom"},
                                             "en": {"text": "Warehouse"}}})
    saved = rpc.set_branding(None, {"translations": {"nl": {"text": "  "}, "en": {"text": None}}})
    assert_shape(BrandingOutput, saved)
    assert saved["translations"] == {"nl": {"dashboard_text": "Welkom"}}
    assert rpc.set_branding(None, {"text": "Other"})["translations"] == {"nl": {"dashboard_text": "Welkom"}}


@pytest.mark.parametrize("translations", [{"de": {"text": "Lager"}}, {"nl": {"link": "https://x.example"}},
                                          {"nl": {"text": "x" * 201}}, {"nl": "Magazijn"}])
def test_a_language_the_portal_does_not_speak_or_a_field_without_translation_is_refused(rpc, translations):
    with pytest.raises(RemoteError) as error:
        rpc.set_branding(None, {"translations": translations})
    assert error.value.exc_type == "InvalidBranding" and "translations" in error.value.value


def test_a_clients_portal_address_leads_to_it_and_is_one_clients_only(rpc):
    acme = rpc.create_customer({"name": "Acme"})["idfulfilment_customer"]
    globex = rpc.create_customer({"name": "Globex"})["idfulfilment_customer"]
    assert rpc.set_branding(acme, {"domain": " Portal.Acme.example. "})["domain"] == "portal.acme.example"
    assert rpc.find_customer_by_domain("portal.acme.example") == acme
    assert rpc.find_customer_by_domain("PORTAL.ACME.EXAMPLE") == acme
    assert rpc.find_customer_by_domain("portal.globex.example") is None
    with pytest.raises(RemoteError) as error:
        rpc.set_branding(globex, {"domain": "portal.acme.example"})
    assert error.value.exc_type == "InvalidBranding" and "another client" in error.value.value
    with pytest.raises(RemoteError) as error:
        rpc.set_branding(None, {"domain": "portal.all.example"})
    assert error.value.exc_type == "InvalidBranding" and error.value.value.startswith("domain:")
    rpc.set_branding(acme, {"domain": None})
    assert rpc.find_customer_by_domain("portal.acme.example") is None
    assert rpc.set_branding(globex, {"domain": "portal.acme.example"})["domain"] == "portal.acme.example"
