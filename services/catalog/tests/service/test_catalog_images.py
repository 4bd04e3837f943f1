import base64

from catalog_images import image_base64
from catalog_refusals import refusal

from catalog.schemas import ProductImageOutput
from servicekit.testing import assert_shape


def test_image_is_stored_with_a_thumbnail_and_listed(rpc, mug):
    acme = mug["idfulfilment_customer"]
    image = rpc.add_product_image(acme, mug["idproduct"], image_base64("JPEG", (800, 600)))
    assert_shape(ProductImageOutput, image)
    assert (image["content_type"], image["width"], image["height"]) == ("image/jpeg", 800, 600)
    assert rpc.list_product_images(acme, mug["idproduct"]) == [image]
    original = rpc.get_product_image(acme, image["idproduct_image"])
    assert original["content_type"] == "image/jpeg" and len(base64.b64decode(original["data"])) == image["size"]
    thumbnail = rpc.get_product_image(acme, image["idproduct_image"], True)
    assert thumbnail["content_type"] == "image/webp" and base64.b64decode(thumbnail["data"])[8:12] == b"WEBP"


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(rpc, mug):
    acme = mug["idfulfilment_customer"]
    error = refusal(rpc.add_product_image, acme, mug["idproduct"], base64.b64encode(b"MZ\x90\x00 exe").decode())
    assert error.exc_type == "InvalidImage" and error.value.startswith("image: ")
    assert rpc.list_product_images(acme, mug["idproduct"]) == []


def test_missing_image_is_not_found(rpc, mug):
    assert refusal(rpc.get_product_image, mug["idfulfilment_customer"], 4242).exc_type == "ImageNotFound"
    assert refusal(rpc.delete_product_image, mug["idfulfilment_customer"], 4242).exc_type == "ImageNotFound"


def test_deleted_image_is_gone(rpc, mug):
    acme = mug["idfulfilment_customer"]
    image = rpc.add_product_image(acme, mug["idproduct"], image_base64())
    assert rpc.delete_product_image(acme, image["idproduct_image"]) is None
    assert rpc.list_product_images(acme, mug["idproduct"]) == []
    assert refusal(rpc.get_product_image, acme, image["idproduct_image"]).exc_type == "ImageNotFound"


def test_a_list_page_asks_once_for_each_products_first_image(rpc, mug, known_customers):
    acme, globex = known_customers
    first = rpc.add_product_image(acme, mug["idproduct"], image_base64("PNG", (40, 40)))
    rpc.add_product_image(acme, mug["idproduct"], image_base64("PNG", (50, 50)))
    bare = rpc.create_product(acme, {"productcode": "BARE", "name": "No photo"})
    theirs = rpc.create_product(globex, {"productcode": "THEIRS", "name": "Globex's"})
    rpc.add_product_image(globex, theirs["idproduct"], image_base64("PNG", (40, 40)))
    assert rpc.list_first_product_images(acme, [mug["idproduct"], bare["idproduct"], theirs["idproduct"]]) == {
        str(mug["idproduct"]): first["idproduct_image"]}
    assert refusal(rpc.list_first_product_images, acme, "1,2").value.startswith("product_ids:")
