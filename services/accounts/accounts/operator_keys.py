"""The warehouse's own API keys, managed from the command line where accounts runs (the operator
has no portal of its own):

    python -m accounts.operator_keys create "WMS link" --scopes stock,orders --rate-limit 2000
    python -m accounts.operator_keys list
    python -m accounts.operator_keys list --customer 3
    python -m accounts.operator_keys rate-limit 12 1000
    python -m accounts.operator_keys rate-limit 12 default
    python -m accounts.operator_keys revoke 12

A new key is printed once and kept only as a digest. Without `--scopes` a key reaches the whole
API; with them only those parts (`accounts.api_keys.OPERATOR_SCOPES`). Every key, the operator's
and the clients' (`list --customer ID` shows a client's), may make the gateway's default number of
requests a minute (`RATE_LIMIT_PER_MINUTE`, Picqer's 500) unless `rate-limit` gives it its own;
the gateway applies a change within `API_KEY_CACHE_SECONDS`. The operator's API sets the same
limits (`PUT /api/v1/fulfilment/apikeys/{id}`). This command writes to accounts' database directly
(`ACCOUNTS_DATABASE_URL`), so it works while the broker is away.
"""
import argparse
import sys

from accounts import api_keys
from accounts.exceptions import ApiKeyNotFound
from servicekit.config import database_url
from servicekit.database import ServiceDatabase, make_session_factory


def scopes_argument(text: str) -> list[str]:
    scopes = [scope.strip() for scope in text.split(",") if scope.strip()]
    unknown = sorted(set(scopes) - set(api_keys.OPERATOR_SCOPES))
    if not scopes or unknown:
        raise argparse.ArgumentTypeError(f"scopes are some of {', '.join(api_keys.OPERATOR_SCOPES)}"
                                         + (f"; not {', '.join(unknown)}" if unknown else ""))
    return scopes


def rate_limit_argument(text: str) -> int | None:
    if text.strip().lower() == "default":
        return None
    limit = text.strip()
    if not (limit.isascii() and limit.isdigit() and int(limit) in api_keys.RATE_LIMITS):
        raise argparse.ArgumentTypeError(f"requests a minute, 1 to {api_keys.RATE_LIMITS[-1]}, or 'default'")
    return int(limit)


def shown_limit(rate_limit: int | None) -> str:
    return f"{rate_limit}/min" if rate_limit else "default/min"


def name_argument(text: str) -> str:
    if not 1 <= len(text.strip()) <= 200:
        raise argparse.ArgumentTypeError("give the key a name of 1 to 200 characters")
    return text.strip()


def parser() -> argparse.ArgumentParser:
    commands = argparse.ArgumentParser(prog="python -m accounts.operator_keys", description=__doc__.split("\n\n")[0])
    actions = commands.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="make a key and print it (once)")
    create.add_argument("name", type=name_argument, help="what the key is for")
    create.add_argument("--scopes", type=scopes_argument, help=f"comma-separated: {', '.join(api_keys.OPERATOR_SCOPES)}")
    create.add_argument("--rate-limit", type=rate_limit_argument, help="requests a minute (default: the gateway's)")
    listing = actions.add_parser("list", help="the operator's keys (or a client's), revoked ones too")
    listing.add_argument("--customer", type=int, metavar="ID", help="a fulfilment customer's keys instead")
    limit = actions.add_parser("rate-limit", help="a key's own requests a minute, or 'default'")
    limit.add_argument("key_id", type=int)
    limit.add_argument("rate_limit", type=rate_limit_argument)
    revoke = actions.add_parser("revoke", help="the key authenticates nothing from now on")
    revoke.add_argument("key_id", type=int)
    return commands


def main(argv: list[str] | None = None, db: ServiceDatabase | None = None) -> int:
    arguments = parser().parse_args(argv)
    db = db or ServiceDatabase(make_session_factory(database_url("accounts")), relay=None)
    if arguments.action == "create":
        made = db.change(api_keys.create_api_key, "operator", None, arguments.name, None, arguments.scopes,
                         None, arguments.rate_limit)
        limit = f"; {shown_limit(arguments.rate_limit)}" if arguments.rate_limit else ""
        print(f"key {made['key_id']} “{arguments.name}” ({', '.join(arguments.scopes or ['all of the API'])}{limit}):")
        print(made["key"])
        print("Keep it now: it is not shown again.", file=sys.stderr)
    elif arguments.action == "list":
        keys = (db.read(api_keys.list_api_keys, arguments.customer) if arguments.customer is not None
                else db.read(api_keys.list_operator_api_keys))
        for key in keys:
            state = f"revoked {key['revoked_at'][:16]}" if key["revoked_at"] else "active"
            print(f"{key['key_id']:>6}  {state:<24}  {shown_limit(key['rate_limit']):<14}  "
                  f"{', '.join(key['scopes'] or ['all']):<40}  {key['name']}")
    elif arguments.action == "rate-limit":
        try:
            db.change(api_keys.set_rate_limit, arguments.key_id, arguments.rate_limit)
        except ApiKeyNotFound:
            print(f"There is no API key {arguments.key_id}.", file=sys.stderr)
            return 1
        print(f"Key {arguments.key_id} may make {shown_limit(arguments.rate_limit)} requests.")
    else:
        try:
            db.change(api_keys.revoke_operator_api_key, arguments.key_id)
        except ApiKeyNotFound:
            print(f"There is no operator key {arguments.key_id}.", file=sys.stderr)
            return 1
        print(f"Key {arguments.key_id} is revoked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
