"""Product images through the API and the portal, with the catalog faked from its contract."""
import base64
import io

from gateway_fakes import csrf_token
from test_api import error_body
from test_api_stock import PRODUCT
from test_portal_products import EDITOR

PNG = b"\x89PNG\r\n\x1a\n fake bytes"
IMAGE = {"idproduct_image": 3, "idproduct": 5, "content_type": "image/png", "width": 640, "height": 480,
         "size": len(PNG), "created_at": "2026-11-23T12:00:00+00:00"}
IMAGE_DATA = {"idproduct_image": 3, "idproduct": 5, "content_type": "image/png", "data": base64.b64encode(PNG).decode()}


def test_api_lists_images_with_their_urls(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "list_product_images", [IMAGE])
    [image] = client.get("/api/v1/products/5/images", headers=customer_headers).get_json()
    assert image["url"] == "/api/v1/products/5/images/3" and image["created_at"] == "2026-11-23 12:00:00"


def test_api_adds_an_image_as_base64(client, rpc, operator_headers):
    rpc.answer("catalog", "get_product_of_any_customer", PRODUCT)
    rpc.answer("catalog", "add_product_image", IMAGE)
    response = client.post("/api/v1/products/5/images", json={"image": "aGk="}, headers=operator_headers)
    assert response.status_code == 201
    assert ("catalog", "add_product_image", (7, 5, "aGk=")) in rpc.calls


def test_api_refuses_what_is_not_an_image(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "add_product_image", error=("InvalidImage", "image: not a JPEG, PNG, WebP or GIF image"))
    error_body(400, "image:")(client.post("/api/v1/products/5/images", json={"image": "eA=="}, headers=customer_headers))


def test_image_is_served_with_its_type_and_long_caching(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "get_product_image", IMAGE_DATA)
    response = client.get("/api/v1/products/5/images/3", headers=customer_headers)
    assert response.data == PNG and response.mimetype == "image/png"
    assert "max-age=31536000" in response.headers["Cache-Control"] and response.headers["ETag"]
    again = client.get("/api/v1/products/5/images/3", headers={**customer_headers, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_an_image_of_another_product_is_404(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", {**PRODUCT, "idproduct": 6})
    rpc.answer("catalog", "get_product_image", IMAGE_DATA)
    error_body(404)(client.get("/api/v1/products/6/images/3", headers=customer_headers))


def test_portal_serves_thumbnails_of_the_session_customer_only(logged_in, rpc):
    rpc.answer("catalog", "get_product_image", {**IMAGE_DATA, "content_type": "image/webp"})
    response = logged_in.get("/fulfilmentportal/products/5/images/3/thumbnail")
    assert response.mimetype == "image/webp" and "immutable" in response.headers["Cache-Control"]
    assert ("catalog", "get_product_image", (7, 3, True)) in rpc.calls
    rpc.answer("catalog", "get_product_image", error=("ImageNotFound", "image 3 not found"))
    assert logged_in.get("/fulfilmentportal/products/5/images/3").status_code == 404


def test_editor_uploads_an_image_and_a_bad_file_is_explained(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", EDITOR)
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "list_warehouses", [])
    rpc.answer("catalog", "list_stock_history", [])
    rpc.answer("catalog", "list_product_images", [IMAGE])
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert "/fulfilmentportal/products/5/images/3/thumbnail" in html
    token = csrf_token(html)

    def upload(data: bytes):
        return logged_in.post("/fulfilmentportal/products/5/images", content_type="multipart/form-data",
                              data={"csrf_token": token, "image": (io.BytesIO(data), "photo.png")})

    rpc.answer("catalog", "add_product_image", IMAGE)
    assert upload(PNG).status_code == 302
    assert ("catalog", "add_product_image", (7, 5, IMAGE_DATA["data"])) in rpc.calls
    assert "The image has been added." in logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    rpc.answer("catalog", "add_product_image", error=("InvalidImage", "image: not a JPEG, PNG, WebP or GIF image"))
    upload(b"not an image")
    assert "is not a JPEG, PNG, WebP or GIF image" in logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)


def test_uploading_needs_the_permission(logged_in, rpc):
    token = csrf_token(logged_in.get("/fulfilmentportal/").get_data(as_text=True))
    assert logged_in.post("/fulfilmentportal/products/5/images", data={"csrf_token": token}).status_code == 403
    assert not any(call[1] == "add_product_image" for call in rpc.calls)


def test_every_portal_product_route_answers_404_for_another_customers_product(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", EDITOR)
    rpc.answer("catalog", "get_product", error=("ProductNotFound", "product 5 not found"))
    rpc.answer("catalog", "get_product_image", error=("ImageNotFound", "image 3 not found"))
    token = csrf_token(logged_in.get("/fulfilmentportal/products/new").get_data(as_text=True))
    for method, path in (("get", "/fulfilmentportal/products/5"), ("get", "/fulfilmentportal/products/5/edit"),
                         ("post", "/fulfilmentportal/products/5/edit"), ("post", "/fulfilmentportal/products/5/images"),
                         ("get", "/fulfilmentportal/products/5/images/3"),
                         ("get", "/fulfilmentportal/products/5/images/3/thumbnail")):
        response = getattr(logged_in, method)(path, data={"csrf_token": token, "name": "x"})
        assert response.status_code == 404, (method, path)
    assert not any(call[1] in ("update_product", "add_product_image") for call in rpc.calls)


def test_api_deletes_an_image_of_the_product(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "get_product_image", IMAGE_DATA)
    response = client.delete("/api/v1/products/5/images/3", headers=customer_headers)
    assert response.get_json() == {"idproduct_image": 3, "deleted": True}
    assert ("catalog", "delete_product_image", (7, 3)) in rpc.calls


def test_editor_removes_an_image_with_a_csrf_checked_post(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", EDITOR)
    rpc.answer("catalog", "get_product_image", IMAGE_DATA)
    token = csrf_token(logged_in.get("/fulfilmentportal/").get_data(as_text=True))
    assert logged_in.post("/fulfilmentportal/products/5/images/3/delete").status_code == 400
    assert logged_in.post("/fulfilmentportal/products/5/images/3/delete", data={"csrf_token": token}).status_code == 302
    assert [call[2] for call in rpc.calls if call[1] == "delete_product_image"] == [(7, 3)]
    rpc.answer("catalog", "get_product_image", {**IMAGE_DATA, "idproduct": 6})
    assert logged_in.post("/fulfilmentportal/products/5/images/3/delete", data={"csrf_token": token}).status_code == 404
