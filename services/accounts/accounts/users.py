"""Portal users of one customer: created by the operator or invited by a client admin, with
their permissions and their scoping to some webshops and warehouses. Every query names the
customer: another customer's user is answered like a missing one."""
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from accounts import mail, throttling, tokens
from accounts.customers import username_taken
from accounts.exceptions import (CustomerNotFound, DuplicateUsername, InvalidUser, NotAllowed, UserNotFound,
                                 WrongPassword)
from accounts.models import Customer, PortalUser
from accounts.passwords import hash_password, refuse_weak_password, verify_password
from accounts.schemas import PortalUserInput, portal_user_output, session_user
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_user_input = PortalUserInput()
_password_input = PortalUserInput(only=("password",))
_COLUMNS = {"emailaddress": "email", "idwebshops": "webshop_ids", "idwarehouses": "warehouse_ids",
            "active": "is_active"}
_SETTINGS = ("emailaddress", "language", "permissions", "idwebshops", "idwarehouses", "active",
             "low_stock_alerts", "stockout_alerts", "goods_received_alerts", "shipment_alerts")
OWN_SETTINGS = ("username", "emailaddress", "language", "low_stock_alerts", "stockout_alerts",
                "goods_received_alerts", "shipment_alerts")


def parse_user(data, partial: bool = False) -> dict:
    return load(_user_input, data, InvalidUser, partial=partial)


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    return customer


def user_of(session: Session, customer_id: int, user_id: int, lock: bool = False) -> PortalUser:
    query = (select(PortalUser).options(joinedload(PortalUser.customer))
             .where(PortalUser.id == user_id, PortalUser.customer_id == customer_id))
    user = session.scalar(query.with_for_update(of=PortalUser) if lock else query)
    if user is None:
        raise UserNotFound(f"user {user_id} not found")
    return user


def _apply(user: PortalUser, fields: dict) -> None:
    for field in _SETTINGS:
        if field in fields:
            setattr(user, _COLUMNS.get(field, field), fields[field])


def _within(granted: list | None, limit: list | None) -> bool:
    """Whether warehouses `granted` (None: all) are within `limit` (None: all)."""
    return limit is None or (granted is not None and set(granted) <= set(limit))


def refuse_more_than_the_grantor_has(grantor: PortalUser, target: PortalUser | None, fields: dict) -> None:
    """What a portal admin may do to a user (`target`; None: a new one) of its own customer:
    never change the primary user, never widen its own rights, never give permissions or
    warehouses it has not got itself. Raises NotAllowed."""
    if target is not None and target.is_primary and target.id != grantor.id:
        raise NotAllowed("The customer's primary user can only be changed by the warehouse.")
    own = target is not None and target.id == grantor.id
    before = set(target.permissions) if target is not None else set()
    added = set(fields.get("permissions", before)) - before
    if added and own:
        raise NotAllowed("permissions: You cannot give yourself more permissions.")
    if added - set(grantor.permissions):
        raise NotAllowed(f"permissions: You cannot give {sorted(added - set(grantor.permissions))[0]}: you do not have it.")
    if "idwarehouses" in fields:
        limit = target.warehouse_ids if own else grantor.warehouse_ids
        if not _within(fields["idwarehouses"], limit):
            raise NotAllowed("idwarehouses: You cannot give warehouses beyond your own.")


def create_user(uow: UnitOfWork, customer_id: int, data, by_user_id: int | None = None) -> dict:
    """A new user of the customer. With a password it can log in at once; without one it is
    invited: the link goes by email (queued with this transaction), never in the answer.
    By a portal admin (`by_user_id`): with at most its permissions and warehouses (a limited
    admin's new user gets its warehouses unless fewer are named)."""
    fields = parse_user(data)
    session = uow.session
    customer = _customer(session, customer_id)
    if by_user_id is not None:
        grantor = user_of(session, customer_id, by_user_id)
        fields.setdefault("idwarehouses", grantor.warehouse_ids)
        refuse_more_than_the_grantor_has(grantor, None, fields)
    if username_taken(session, customer_id, fields["username"]):
        raise DuplicateUsername(f"username: '{fields['username']}' is already in use")
    if fields.get("password"):
        refuse_weak_password(fields["password"], (fields["username"], fields.get("emailaddress"), customer.name),
                             InvalidUser)
    user = PortalUser(customer=customer, username=fields["username"], is_primary=False, is_active=True,
                      permissions=[], session_version=1,
                      password_hash=hash_password(fields["password"]) if fields.get("password") else None)
    _apply(user, fields)
    session.add(user)
    session.flush()
    result = portal_user_output.dump(user)
    if user.password_hash is None:
        mail.queue_link(session, "invite", user, tokens.issue_token(session, user, "invite"))
        uow.add_event("user_invited", {"user": result})
    return result


def list_users(session: Session, customer_id: int) -> list[dict]:
    _customer(session, customer_id)
    users = session.scalars(select(PortalUser).where(PortalUser.customer_id == customer_id).order_by(PortalUser.id))
    return portal_user_output.dump(users, many=True)


def get_user(session: Session, customer_id: int, user_id: int) -> dict:
    return portal_user_output.dump(user_of(session, customer_id, user_id))


def update_user(uow: UnitOfWork, customer_id: int, user_id: int, data, by_user_id: int | None = None) -> dict:
    """Change permissions, scoping, address, language or `active`. Taking permissions away or
    deactivating ends the user's sessions, so the change holds at once. By a portal admin
    (`by_user_id`): see `refuse_more_than_the_grantor_has`."""
    session = uow.session
    fields = parse_user(data, partial=True)
    if "password" in fields:
        raise InvalidUser("password: Users choose their own password (invite or reset link).")
    user = user_of(session, customer_id, user_id, lock=True)
    if by_user_id is not None:
        grantor = user if by_user_id == user_id else user_of(session, customer_id, by_user_id)
        refuse_more_than_the_grantor_has(grantor, user, fields)
    if "username" in fields and fields["username"].lower() != user.username.lower():
        if username_taken(session, customer_id, fields["username"], except_user_id=user.id):
            raise DuplicateUsername(f"username: '{fields['username']}' is already in use")
        user.username = fields["username"]
    before = set(user.permissions), user.is_active
    _apply(user, fields)
    if not set(user.permissions) >= before[0] or (before[1] and not user.is_active):
        user.session_version += 1
    session.flush()
    return portal_user_output.dump(user)


def resend_invite(uow: UnitOfWork, customer_id: int, user_id: int) -> None:
    """A new invite link by email; the earlier one stops working."""
    session = uow.session
    user = user_of(session, customer_id, user_id)
    if not user.email:
        raise InvalidUser("emailaddress: The user has no email address to send the invite to.")
    mail.queue_link(session, "invite", user, tokens.issue_token(session, user, "invite"))


def set_password_with_link(uow: UnitOfWork, purpose: str, token: str, password: str) -> dict:
    """An invited user chooses a password, or a user resets one ("invite" | "reset"); returns
    the session user, logged in. A weak password leaves the link usable."""
    session = uow.session
    password = _valid_password(password)
    user = tokens.spend_token(session, purpose, token)
    _set_password(user, password)
    session.flush()
    return session_user.dump(user)


def _valid_password(password) -> str:
    if not password:
        raise InvalidUser("password: Missing data for required field.")
    return load(_password_input, {"password": password}, InvalidUser)["password"]


def _set_password(user: PortalUser, password: str) -> None:
    refuse_weak_password(password, (user.username, user.email, user.customer.name), InvalidUser)
    user.password_hash = hash_password(password)
    user.session_version += 1  # every other session of the user ends


def wrong_current_password(session: Session, user: PortalUser, password, field: str) -> WrongPassword | None:
    """The current password checked as a login is, on the same counter: refused while the user's
    logins are throttled, and a wrong one counts as a failed login. The error is returned, not
    raised, so that the caller commits the failure before it refuses."""
    name = user.username.lower()
    throttling.check_not_throttled(session, name, None)
    if verify_password(user.password_hash, password or ""):
        return None
    throttling.record_failure(session, name, None)
    return WrongPassword(f"{field}: The current password is wrong.")


def change_password(uow: UnitOfWork, customer_id: int, user_id: int, current: str, new: str) -> dict | WrongPassword:
    """From account settings: needs the current password. Returns the session user, whose new
    session version the caller's own session takes on (the others end)."""
    session = uow.session
    user = user_of(session, customer_id, user_id, lock=True)
    if wrong := wrong_current_password(session, user, current, "password"):
        return wrong
    _set_password(user, _valid_password(new))
    session.flush()
    return session_user.dump(user)


def check_link(session: Session, purpose: str, token: str) -> dict:
    """Whether an invite or reset link still works, and for whom (to greet by name)."""
    found = tokens.valid_token(session, purpose, token)
    return {"username": found.user.username, "language": found.user.language or found.user.customer.language}


def email_changes(old: str | None, new) -> bool:
    return (old or "").strip().lower() != (new or "").strip().lower()


def update_own_settings(uow: UnitOfWork, customer_id: int, user_id: int, data) -> dict | WrongPassword:
    """Account settings: the user's username, email, language and the alerts it wants. A new
    email address (where reset links go) needs the current password, and the old address is told."""
    session = uow.session
    data = dict(data) if isinstance(data, dict) else {}
    current_password = data.pop("current_password", None)
    allowed = {key: value for key, value in data.items() if key in OWN_SETTINGS}
    if set(data) - set(allowed):
        raise InvalidUser(f"{sorted(set(data) - set(allowed))[0]}: Not changeable here.")
    user = user_of(session, customer_id, user_id, lock=True)
    old_address = user.email
    changes_address = "emailaddress" in allowed and email_changes(old_address, allowed["emailaddress"])
    if changes_address and (wrong := wrong_current_password(session, user, current_password, "current_password")):
        return wrong
    update_user(uow, customer_id, user_id, allowed)
    if changes_address and old_address:
        mail.queue_email_changed(session, user, old_address)
    return session_user.dump(user_of(session, customer_id, user_id))
