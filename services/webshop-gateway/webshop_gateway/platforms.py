"""The shop platforms a client can link, and the credentials each needs."""

# platform → the credential fields it needs (all required, kept only encrypted)
PLATFORMS = {
    "woocommerce": ("consumer_key", "consumer_secret"),  # WooCommerce REST API v3 keys
    "shopify": ("access_token",),  # an Admin API access token of a custom app
    "json": ("access_token",),  # our generic JSON pull endpoint, sent as a bearer token
}
CREDENTIAL_FIELDS = tuple(sorted({name for names in PLATFORMS.values() for name in names}))
