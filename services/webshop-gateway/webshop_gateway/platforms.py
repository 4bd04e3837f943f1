"""The shop platforms a client can link, and the credentials each needs."""

# platform → the credential fields it needs (all required, kept only encrypted)
PLATFORMS = {
    "woocommerce": ("consumer_key", "consumer_secret"),  # WooCommerce REST API v3 keys
    "shopify": ("access_token",),  # an Admin API access token of a custom app
    "json": ("access_token",),  # our generic JSON pull endpoint, sent as a bearer token
}
CREDENTIAL_FIELDS = tuple(sorted({name for names in PLATFORMS.values() for name in names}))
# The platforms whose products take our free stock (webshop_gateway.stock_push); the JSON shop takes none.
STOCK_PLATFORMS = ("woocommerce", "shopify")
# Given with any platform: the secret the shop signs its webhooks with (WooCommerce: the webhook's
# secret; Shopify: the app's client secret; the JSON shop: the one agreed), kept with the credentials.
WEBHOOK_SECRET = "webhook_secret"
# The header each platform puts the signature in: base64 of the HMAC-SHA256 of the raw body.
SIGNATURE_HEADERS = {"woocommerce": "X-WC-Webhook-Signature", "shopify": "X-Shopify-Hmac-Sha256",
                     "json": "X-Webhook-Signature"}
