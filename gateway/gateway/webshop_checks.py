"""A connection test's checks in the reader's words (nl, en): what each check looked at, what it
found, and what to do when it failed. webshop_gateway sends each check's name, status, the
shop's own answer (`detail`) and `values`; the sentences live here, where the language is known.
Shared by the API and the portal."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

TITLES = {
    "reachable": _l("Address reachable"),
    "tls": _l("Certificate valid (TLS)"),
    "credentials": _l("Credentials accepted"),
    "permissions": _l("Permissions sufficient"),
    "api_version": _l("API version supported"),
    "webhooks_registered": _l("Webhooks registered"),
    "webhook_reachable": _l("Our webhook address reachable"),
    "clock": _l("Clock in step"),
}
RIGHTS = {"read_orders": _l("read orders"), "write_orders": _l("change orders"), "read_products": _l("read products"),
          "write_products": _l("change products"), "write_inventory": _l("change stock levels")}
WEBHOOKS_ARE_A_BONUS = _l("Orders still arrive by polling meanwhile.")


def _passed(check: dict) -> str:
    values = check["values"]
    return {
        "reachable": lambda: _("The shop answers at its address."),
        "tls": lambda: _("The shop's certificate is valid: the connection is encrypted and really goes to the shop."),
        "credentials": lambda: _("The shop accepts the credentials."),
        "permissions": lambda: _("The credentials may read the shop's orders, which is all a JSON shop needs.")
        if values.get("reads_only") else _("The credentials may do all we need: read and change orders and products."),
        "api_version": lambda: _("The shop speaks an API version we support (%(version)s).",
                                 version=values.get("version", "")),
        "webhooks_registered": lambda: _("The shop sends its orders to our webhook address (%(topics)s).",
                                         topics=", ".join(values.get("topics", []))),
        "webhook_reachable": lambda: _("Our webhook address answers."),
        "clock": lambda: _("The shop's clock agrees with ours (within %(allowed)s seconds).",
                           allowed=values.get("allowed", 0)),
    }[check["name"]]()


def _failed(check: dict, platform: str) -> tuple[str, str | None]:
    """(what was found, what to do)"""
    name, values, detail = check["name"], check["values"], check["detail"]
    if name == "reachable":
        return (_("The shop cannot be reached at its address (%(detail)s).", detail=detail),
                _("Check that the shop address on this page is right and that the shop is online, then test again."))
    if name == "tls":
        return (_("The shop's certificate is not valid (%(detail)s), so no credentials were sent to it.", detail=detail),
                _("Ask the shop's hosting provider to renew or correct its certificate (for instance with Let's "
                  "Encrypt), then test again."))
    if name == "credentials":
        return (_("The shop refuses the credentials (%(detail)s): they are wrong or were revoked.", detail=detail),
                _("Make new API credentials in the shop, unlink the shop here and link it again with them."))
    if name == "permissions":
        missing = ", ".join(str(RIGHTS.get(right, right)) for right in values.get("missing", []))
        found = _("The credentials may not: %(missing)s.", missing=missing)
        if platform == "woocommerce":
            return found, _("In WooCommerce (Settings → Advanced → REST API) make a key with Read/Write access, "
                            "then unlink the shop here and link it again with the new key.")
        if platform == "shopify":
            return found, _("In Shopify give the app the access scopes %(scopes)s, then test again.",
                            scopes=", ".join(values.get("missing", [])))
        return found, _("Give the access token these rights in the shop, then test again.")
    if name == "api_version":
        if values.get("ours"):
            return (_("The shop no longer serves the API version we use (%(version)s).", version=values["version"]),
                    _("This is ours to fix: please tell the warehouse."))
        if values.get("version"):
            return (_("The shop runs %(version)s, which we cannot work with.", version=values["version"]),
                    _("Update the shop's software (WooCommerce 3.5 or newer), then test again."))
        return (_("The shop's API did not answer as expected (%(detail)s).", detail=detail),
                _("Check that the address is the shop's own address and that its REST API is enabled (in WordPress, "
                  "permalinks must not be set to Plain), then test again."))
    if name == "webhooks_registered":
        if values.get("no_secret"):
            return (_("The shop sends its orders to our webhook address, but no webhook secret is stored here, so "
                      "every delivery is refused."),
                    _("Unlink the shop and link it again with the webhook secret.") + " " + str(WEBHOOKS_ARE_A_BONUS))
        found = (_("The shop's webhooks could not be read (%(detail)s).", detail=detail) if values.get("unreadable")
                 else _("No webhook in the shop sends its orders to our webhook address."))
        return found, _("In the shop, add webhooks for %(topics)s with the delivery address %(url)s and the webhook "
                        "secret.", topics=", ".join(values.get("needed", [])) or _("new and changed orders"),
                        url=values.get("webhook_url", "")) + " " + str(WEBHOOKS_ARE_A_BONUS)
    if name == "webhook_reachable":
        return (_("Our webhook address did not answer (%(detail)s).", detail=detail),
                _("This is ours to fix: please tell the warehouse.") + " " + str(WEBHOOKS_ARE_A_BONUS))
    return (_("The shop's clock is %(seconds)s seconds off ours (more than %(allowed)s).",
              seconds=abs(values.get("seconds", 0)), allowed=values.get("allowed", 0)),
            _("Ask the shop's hosting provider to set the server's clock by NTP: order times and the sync rely on it."))


def _not_applicable(check: dict) -> str:
    values = check["values"]
    if values.get("blocked_by") in TITLES:
        return _("Not checked: “%(check)s” failed first.", check=TITLES[values["blocked_by"]])
    if values.get("http"):
        return _("The shop address starts with http, not https: there is no certificate to check, and the "
                 "credentials travel unencrypted. Link the shop with its https address if it has one.")
    if values.get("json_shop"):
        return _("A JSON shop cannot be asked which webhooks it has.")
    if check["name"] == "clock":
        return _("The shop did not say its time.")
    return _("Not checked (%(detail)s).", detail=check["detail"] or "-")


def explained(check: dict, platform: str) -> dict:
    """The check with its `title`, `explanation` and, when it failed, `todo`."""
    todo = None
    if check["status"] == "passed":
        explanation = _passed(check)
    elif check["status"] == "failed":
        explanation, todo = _failed(check, platform)
    else:
        explanation = _not_applicable(check)
    return {**check, "title": str(TITLES.get(check["name"], check["name"])), "explanation": explanation,
            "todo": todo}


def explained_test(test: dict | None, platform: str) -> dict | None:
    if test is None:
        return None
    return {**test, "checks": [explained(check, platform) for check in test["checks"]]}
