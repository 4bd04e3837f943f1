import pytest
from marshmallow import ValidationError

from webshop_gateway.schemas import WebshopInput

SHOP = {"platform": "woocommerce", "name": "Shop", "url": "https://shop.example"}


def test_woocommerce_keys_are_taken_as_the_shop_gives_them():
    assert WebshopInput().load({**SHOP, "consumer_key": "ck_0a9f", "consumer_secret": "cs_77b2"})["consumer_key"] == "ck_0a9f"


@pytest.mark.parametrize("key", ["ck_\U00078998", "ck_é", "ck 1"])
def test_woocommerce_keys_basic_auth_cannot_carry_are_refused_naming_the_field(key):
    with pytest.raises(ValidationError) as refused:
        WebshopInput().load({**SHOP, "consumer_key": key, "consumer_secret": "cs_77b2"})
    assert "consumer_key" in refused.value.messages
