from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    """A fulfilment customer: a client company whose goods the warehouse stores and ships."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    can_login: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    idtemplate: Mapped[int | None] = mapped_column(Integer)
    allowed_shipping_profiles: Mapped[list] = mapped_column(JSONB, default=list)
    preferred_warehouse_id: Mapped[int | None] = mapped_column(Integer)
    # Purchase orders made in the portal always go to this warehouse.
    purchase_order_warehouse_id: Mapped[int | None] = mapped_column(Integer)
    can_manage_products: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    notification_email: Mapped[str | None] = mapped_column(String(254))
    country: Mapped[str | None] = mapped_column(String(2))
    # An IANA name (Europe/Brussels): the client's days and times in the portal; None: the portal's own.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # Order rules the operator sets for this client (orders keeps a copy, fed by our events):
    # the status from which the client may no longer change the address or cancel, and whether
    # a placed order is processed at once instead of waiting for the warehouse to check it.
    changes_allowed_until: Mapped[str] = mapped_column(String(20), default="picking", server_default="picking")
    process_orders_at_once: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # Bumped by every change announced in customer_created/customer_updated, so a copy kept
    # elsewhere can keep the newest state whatever order the events arrive in.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    users: Mapped[list["PortalUser"]] = relationship(back_populates="customer", order_by="PortalUser.id")

    @property
    def primary_user(self) -> "PortalUser | None":
        return next((user for user in self.users if user.is_primary), None)


class PortalUser(Base):
    """A person who logs in to the portal for one customer."""

    __tablename__ = "portal_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    username: Mapped[str] = mapped_column(String(100))
    # None until an invited user sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    email: Mapped[str | None] = mapped_column(String(254))
    # None: the customer's language.
    language: Mapped[str | None] = mapped_column(String(2))
    permissions: Mapped[list] = mapped_column(JSONB, default=list, server_default="[]")
    # None: all of the customer's webshops / warehouses; a list: only those.
    webshop_ids: Mapped[list | None] = mapped_column(JSONB)
    warehouse_ids: Mapped[list | None] = mapped_column(JSONB)
    # Emails the user wants (accounts.stock_alerts): a product below its minimum, an order
    # waiting for stock.
    low_stock_alerts: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    stockout_alerts: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # ... and goods received in the warehouse (a receipt or a stock transfer).
    goods_received_alerts: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # An order (or its backorder) shipped, with its track & trace, or a return moved on
    # (accounts.shipment_mails).
    shipment_alerts: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # Bumped to end every session of the user at once (logout everywhere, password change).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    customer: Mapped[Customer] = relationship(back_populates="users")


class ApiKey(Base):
    """An API key, stored only as a SHA-256 digest. Keys are long random strings, so a fast
    digest is enough and keeps per-request authentication cheap."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(20))  # "operator" | "customer"
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # A key made in the portal acts with at most its maker's rights, and only while the maker
    # may sign in; None: made by the operator.
    made_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("portal_users.id"))
    # Operator keys only: the parts of the API it may use (accounts.api_keys.OPERATOR_SCOPES);
    # None: all.
    scopes: Mapped[list | None] = mapped_column(JSONB)
    # Requests a minute the gateway allows it (the operator sets it); None: the gateway's default.
    rate_limit: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    customer: Mapped[Customer | None] = relationship()
    made_by: Mapped[PortalUser | None] = relationship()


class UserToken(Base):
    """A single-use link sent by email (invite or password reset), stored only as a digest."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("portal_users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # "invite" | "reset"
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    user: Mapped[PortalUser] = relationship()


class LoginFailure(Base):
    """A failed login, kept for a while to throttle guessing per account and per address."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)  # lower case, as typed
    address: Mapped[str | None] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)


class Address(Base):
    """An address in a customer's address book (chosen when ordering)."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    contactname: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200))
    address2: Mapped[str | None] = mapped_column(String(200))
    zipcode: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PortalBranding(Base):
    """What the portal shows of the operator: for one customer, or (customer_id NULL) for all.
    A customer's own setting wins field by field over the one for all."""

    __tablename__ = "portal_branding"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), unique=True)
    text: Mapped[str | None] = mapped_column(String(200))
    link: Mapped[str | None] = mapped_column(String(500))
    dashboard_text: Mapped[str | None] = mapped_column(Text)
    # {"nl": {"text": …, "dashboard_text": …}}: shown to users of that language instead of the above.
    translations: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str | None] = mapped_column(String(30))
    # The client's own portal address (a host name, lower case), where its branding greets it
    # before sign-in and only its users sign in; one client's only.
    domain: Mapped[str | None] = mapped_column(String(253), unique=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class OutgoingMail(Base):
    """An email waiting to be sent: written in the transaction that made its link, sent after
    commit by the service's timer, and tried again while the mail server fails."""

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    # A link's token is not in the body but here, until the email is sent (or given up): the
    # body holds LINK_TOKEN in its place, and nothing usable is kept once the email has gone.
    body: Mapped[str] = mapped_column(Text)
    link_token: Mapped[str | None] = mapped_column(String(100))
    # Not sent before this moment; `about` names what it tells of ("shipment 12"), so that a
    # change of mind before then (a parcel cancelled) can withdraw it.
    send_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    about: Mapped[str | None] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    # The request that queued it, for the log line that says it was sent.
    request_id: Mapped[str | None] = mapped_column(String(128))


class Hook(Base):
    """A webhook, as Picqer's /hooks: every `event` of the customer's data is POSTed to `address`,
    signed with `secret`. A hook without a customer is an operator's: it hears every customer's.
    Deactivated (with the reason kept) after failing MAX_FAILURES deliveries in a row."""

    __tablename__ = "hooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    event: Mapped[str] = mapped_column(String(60), index=True)
    address: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str | None] = mapped_column(String(200))  # kept as given: it signs every body
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # in a row
    deactivated_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class HookDelivery(Base):
    """One event for one hook: the exact body to POST (signed as it is), sent after the commit
    that queued it by the service's timer, in order per hook, and tried again with a growing
    pause until it is answered with a 2xx. `delivery_id` stays the same over every attempt, so
    a receiver can tell a repeat."""

    __tablename__ = "hook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(36), unique=True)
    hook_id: Mapped[int] = mapped_column(ForeignKey("hooks.id"), index=True)
    event: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)


class PasswordResetRequest(Base):
    """A reset asked for on the portal, answered later by the mail timer: the request itself
    does the same work whether or not the account exists. Kept for a while to limit requests
    per account and per address."""

    __tablename__ = "password_reset_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    username_or_email: Mapped[str] = mapped_column(String(254), index=True)  # lower case, as typed
    address: Mapped[str | None] = mapped_column(String(64), index=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Only one row for "all customers" (NULLs are distinct to a plain unique constraint).
Index("uq_portal_branding_for_all", PortalBranding.customer_id.is_(None), unique=True,
      postgresql_where=PortalBranding.customer_id.is_(None))

# Usernames are unique whatever their case: people type them both ways.
# Unique within a customer only: whether a name is taken elsewhere is nobody else's business
# (logins.authenticate_user tells same-named users of different customers apart by password).
Index("uq_portal_users_customer_username", PortalUser.customer_id, func.lower(PortalUser.username), unique=True)

# What the sender reads each second: a hook's deliveries not yet answered, oldest first.
Index("ix_hook_deliveries_waiting", HookDelivery.hook_id, HookDelivery.id,
      postgresql_where=HookDelivery.delivered_at.is_(None))

# What the pruner reads each minute: deliveries delivered, oldest first.
Index("ix_hook_deliveries_delivered", HookDelivery.delivered_at,
      postgresql_where=HookDelivery.delivered_at.isnot(None))
