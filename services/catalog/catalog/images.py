"""Product images: checked to be what they claim (Pillow decodes them), limited in size and
pixels, stored with a thumbnail. They cross RPC as base64 in JSON."""
import base64
import io
import warnings

from PIL import Image, UnidentifiedImageError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from catalog.exceptions import ImageNotFound, InvalidImage, InvalidQuery
from catalog.models import ProductImage
from catalog.products import find_product
from catalog.schemas import product_image_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import decode_base64

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is small on disk and huge in memory
MAX_IMAGES_PER_PRODUCT = 20
THUMBNAIL_SIZE = (320, 320)
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def decode_upload(image_base64) -> bytes:
    if not isinstance(image_base64, str):
        raise InvalidImage("image: expected the image as base64 text")
    return decode_base64(image_base64, MAX_IMAGE_BYTES,
                         too_large=InvalidImage(f"image: larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB"),
                         not_base64=InvalidImage("image: not valid base64"))


def inspect_image(data: bytes) -> tuple[str, int, int, bytes]:
    """(content type, width, height, thumbnail as WebP) of an image in an accepted format;
    raises InvalidImage for anything else, however it is named."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format, (width, height) = probe.format, probe.size
                if image_format not in CONTENT_TYPES:
                    raise InvalidImage("image: not a JPEG, PNG, WebP or GIF image")
                if width * height > MAX_PIXELS:
                    raise InvalidImage(f"image: more than {MAX_PIXELS // 1_000_000} megapixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.thumbnail(THUMBNAIL_SIZE)
                thumbnail = io.BytesIO()
                image.convert("RGBA").save(thumbnail, "WEBP", quality=80)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise InvalidImage("image: not a JPEG, PNG, WebP or GIF image that can be read") from None
    return CONTENT_TYPES[image_format], width, height, thumbnail.getvalue()


def add_product_image(uow: UnitOfWork, customer_id: int, product_id: int, image_base64) -> dict:
    session = uow.session
    product = find_product(session, customer_id, product_id, for_update=True)
    data = decode_upload(image_base64)
    content_type, width, height, thumbnail = inspect_image(data)
    count = session.scalar(select(func.count()).where(ProductImage.product_id == product.id))
    if count >= MAX_IMAGES_PER_PRODUCT:
        raise InvalidImage(f"image: a product has at most {MAX_IMAGES_PER_PRODUCT} images")
    image = ProductImage(customer_id=customer_id, product_id=product.id, content_type=content_type, width=width,
                         height=height, size=len(data), image=data, thumbnail=thumbnail)
    session.add(image)
    session.flush()
    return product_image_output.dump(image)


def list_product_images(session: Session, customer_id: int, product_id: int) -> list[dict]:
    find_product(session, customer_id, product_id)
    images = session.scalars(
        select(ProductImage).where(ProductImage.customer_id == customer_id, ProductImage.product_id == product_id)
        .order_by(ProductImage.id))
    return product_image_output.dump(images, many=True)


MAX_LISTED = 100  # a list page


def first_product_images(session: Session, customer_id: int, product_ids: list[int]) -> dict[str, int]:
    """{idproduct: id of its first image} for a list page's thumbnails, in one query; products
    without images (or of another customer) are left out."""
    if not isinstance(product_ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in product_ids):
        raise InvalidQuery("product_ids: must be a list of product ids")
    rows = session.execute(
        select(ProductImage.product_id, func.min(ProductImage.id))
        .where(ProductImage.customer_id == customer_id, ProductImage.product_id.in_(product_ids[:MAX_LISTED]))
        .group_by(ProductImage.product_id))
    return {str(product_id): image_id for product_id, image_id in rows}


def get_product_image(session: Session, customer_id: int, image_id: int, thumbnail: bool = False) -> dict:
    """The image (or its thumbnail) as base64 with its content type; another customer's image
    answers like a missing one."""
    column = ProductImage.thumbnail if thumbnail else ProductImage.image
    row = session.execute(
        select(ProductImage.id, ProductImage.product_id, ProductImage.content_type, column.label("data"))
        .where(ProductImage.id == image_id, ProductImage.customer_id == customer_id)).first()
    if row is None:
        raise ImageNotFound(f"image {image_id} not found")
    return {"idproduct_image": row.id, "idproduct": row.product_id,
            "content_type": "image/webp" if thumbnail else row.content_type,
            "data": base64.b64encode(row.data).decode()}


def delete_product_image(uow: UnitOfWork, customer_id: int, image_id: int) -> None:
    deleted = uow.session.execute(
        delete(ProductImage).where(ProductImage.id == image_id, ProductImage.customer_id == customer_id)
        .returning(ProductImage.id)).first()
    if deleted is None:
        raise ImageNotFound(f"image {image_id} not found")
