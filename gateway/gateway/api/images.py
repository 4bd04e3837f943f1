"""/api/v1/products/{id}/images: a product's images, as Picqer's API has them (upload as base64)."""
from flask import abort, url_for

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.picqer_format import json_body, with_picqer_times
from gateway.api.products import find_product
from gateway.image_files import image_response


def _present(image: dict) -> dict:
    url = url_for("api.get_product_image", product_id=image["idproduct"], image_id=image["idproduct_image"])
    return {**with_picqer_times(image, "created_at"), "url": url}


@blueprint.get("/products/<int:product_id>/images")
def list_product_images(product_id: int):
    product = find_product(product_id)
    return [_present(image) for image in
            rpc_client().catalog.list_product_images(product["idfulfilment_customer"], product_id)]


@blueprint.post("/products/<int:product_id>/images")
def add_product_image(product_id: int):
    """Add an image: `{"image": "<base64 of a JPEG, PNG, WebP or GIF, at most 5 MB>"}`."""
    body = json_body()
    product = find_product(product_id)
    image = rpc_client().catalog.add_product_image(product["idfulfilment_customer"], product_id, body.get("image"))
    return _present(image), 201


def _product_image(product_id: int, image_id: int) -> tuple[int, dict]:
    """The image's owner and the image, if it belongs to this product the caller may see."""
    customer_id = find_product(product_id)["idfulfilment_customer"]
    image = rpc_client().catalog.get_product_image(customer_id, image_id)
    if image["idproduct"] != product_id:
        abort(404, f"image {image_id} not found")
    return customer_id, image


@blueprint.get("/products/<int:product_id>/images/<int:image_id>")
def get_product_image(product_id: int, image_id: int):
    return image_response(_product_image(product_id, image_id)[1])


@blueprint.delete("/products/<int:product_id>/images/<int:image_id>")
def delete_product_image(product_id: int, image_id: int):
    customer_id, _ = _product_image(product_id, image_id)
    rpc_client().catalog.delete_product_image(customer_id, image_id)
    return {"idproduct_image": image_id, "deleted": True}
