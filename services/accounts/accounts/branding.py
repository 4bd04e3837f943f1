"""Portal branding set by the operator, for one customer or (customer None) for all: logo,
text, link and dashboard text, the texts also per language; and a client's own portal address
(`domain`). The portal shows, field by field, the
customer's own setting (in the reader's language, else its default text), else the one for all
(likewise)."""
import base64
import hashlib
import ipaddress
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.exceptions import CustomerNotFound, InvalidBranding
from accounts.models import Customer, PortalBranding
from accounts.schemas import BrandingInput
from servicekit.validation import decode_base64, load
from servicekit.unit_of_work import UnitOfWork

MAX_LOGO_BYTES = 200_000
# By content, not by name: what browsers show as an image and cannot run (so no SVG).
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg",
                    b"GIF87a": "image/gif", b"GIF89a": "image/gif"}
FIELDS = ("text", "link", "dashboard_text")
TRANSLATED = ("text", "dashboard_text")
_branding_input = BrandingInput()
# A host name as DNS allows it: labels of letters, digits and inner hyphens, at least two of them.
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def image_type(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for signature, kind in IMAGE_SIGNATURES.items() if data.startswith(signature)), None)


def decode_logo(encoded: str) -> tuple[bytes, str]:
    """A logo sent as base64 (or a data: URL); raises InvalidBranding naming the field."""
    if encoded.startswith("data:"):
        encoded = encoded.partition(",")[2]
    data = decode_base64(encoded, MAX_LOGO_BYTES,
                         too_large=InvalidBranding(f"logo: Too large; at most {MAX_LOGO_BYTES // 1000} kB."),
                         not_base64=InvalidBranding("logo: Not base64-encoded."))
    kind = image_type(data)
    if kind is None:
        raise InvalidBranding("logo: Not a PNG, JPEG, GIF or WebP image.")
    return data, kind


def _row(session: Session, customer_id: int | None) -> PortalBranding | None:
    condition = (PortalBranding.customer_id.is_(None) if customer_id is None
                 else PortalBranding.customer_id == customer_id)
    return session.scalar(select(PortalBranding).where(condition))


def _logo_version(row: PortalBranding | None) -> str | None:
    return hashlib.sha256(row.logo).hexdigest()[:16] if row is not None and row.logo else None


def _present(row: PortalBranding | None, customer_id: int | None) -> dict:
    return {"idfulfilment_customer": customer_id, **{field: getattr(row, field, None) for field in FIELDS},
            "translations": getattr(row, "translations", None) or {}, "logo_version": _logo_version(row),
            "domain": getattr(row, "domain", None)}


def merged_translations(saved: dict, changes: dict) -> dict:
    """The languages and fields given replace what was saved; an empty or null text removes it,
    and a language left without texts goes."""
    merged = {language: dict(texts) for language, texts in saved.items()}
    for language, texts in changes.items():
        kept = merged.setdefault(language, {})
        for field, value in texts.items():
            value = (value or "").strip()
            if value:
                kept[field] = value
            else:
                kept.pop(field, None)
    return {language: texts for language, texts in merged.items() if texts}


def shown_text(rows: tuple[PortalBranding | None, ...], field: str, language: str | None):
    """The first row's text in the language, else its default text, else the next row's."""
    for row in rows:
        if row is None:
            continue
        translated = (row.translations or {}).get(language, {}).get(field) if field in TRANSLATED else None
        if translated or getattr(row, field):
            return translated or getattr(row, field)
    return None


def portal_domain(value: str | None) -> str | None:
    """A client's portal address as the operator typed it ("Portal.Acme.example."), as a host name
    in lower case; None removes it. Raises InvalidBranding for anything but a host name: no
    scheme, port, path or IP address (a browser's Host header is compared with it)."""
    host = (value or "").strip().lower().removesuffix(".")
    if not host:
        return None
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        labels = host.split(".")
        if len(host) <= 253 and len(labels) >= 2 and all(_LABEL.match(label) for label in labels) \
                and not labels[-1].isdigit():
            return host
    raise InvalidBranding("domain: Not a host name, such as portal.example.com (no http://, port or path).")


def _set_domain(session: Session, row: PortalBranding, value: str | None) -> None:
    domain = portal_domain(value)
    if domain and row.customer_id is None:
        raise InvalidBranding("domain: A portal address belongs to one client; set it on that client's branding.")
    taken = domain and session.scalar(select(PortalBranding.customer_id).where(
        PortalBranding.domain == domain, PortalBranding.customer_id != row.customer_id))
    if taken:
        raise InvalidBranding("domain: Already the portal address of another client.")
    row.domain = domain


def find_customer_by_domain(session: Session, host) -> int | None:
    """The client whose portal address this host name is, or None (the operator's own hosts)."""
    if not isinstance(host, str):
        return None
    host = host.strip().lower().removesuffix(".")
    return session.scalar(select(PortalBranding.customer_id).where(PortalBranding.domain == host)) if host else None


def get_branding(session: Session, customer_id: int | None) -> dict:
    """The setting itself (for the operator): None fields fall back to the one for all."""
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    return _present(_row(session, customer_id), customer_id)


def set_branding(uow: UnitOfWork, customer_id: int | None, data) -> dict:
    """Change the fields given; `"logo": null` removes the logo."""
    session = uow.session
    fields = load(_branding_input, data, InvalidBranding, partial=True)
    logo = decode_logo(fields["logo"]) if fields.get("logo") else None
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    row = _row(session, customer_id) or PortalBranding(customer_id=customer_id)
    session.add(row)
    for field in FIELDS:
        if field in fields:
            setattr(row, field, (fields[field] or "").strip() or None)
    if "translations" in fields:
        row.translations = merged_translations(row.translations or {}, fields["translations"])
    if "logo" in fields:
        row.logo, row.logo_type = logo if logo else (None, None)
    if "domain" in fields:
        _set_domain(session, row, fields["domain"])
    session.flush()
    return _present(row, customer_id)


def _both(session: Session, customer_id: int) -> tuple[PortalBranding | None, PortalBranding | None]:
    return _row(session, customer_id), _row(session, None)


def get_portal_branding(session: Session, customer_id: int, language: str | None = None) -> dict:
    """What this customer's portal shows to a reader of that language."""
    own, common = _both(session, customer_id)
    merged = {field: shown_text((own, common), field, language) for field in FIELDS}
    logo_row = own if own is not None and own.logo else common
    return {**merged, "logo_version": _logo_version(logo_row)}


def get_portal_logo(session: Session, customer_id: int) -> dict | None:
    own, common = _both(session, customer_id)
    row = own if own is not None and own.logo else common
    if row is None or not row.logo:
        return None
    return {"content_type": row.logo_type, "data": base64.b64encode(row.logo).decode(), "version": _logo_version(row)}
