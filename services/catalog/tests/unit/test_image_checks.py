import base64
import io

import pytest
from catalog_images import image_bytes
from PIL import Image

from catalog.exceptions import InvalidImage
from catalog.images import MAX_IMAGE_BYTES, decode_upload, inspect_image


@pytest.mark.parametrize("image_format,content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                                       ("WEBP", "image/webp"), ("GIF", "image/gif")])
def test_accepted_images_get_their_type_size_and_a_small_thumbnail(image_format, content_type):
    found_type, width, height, thumbnail = inspect_image(image_bytes(image_format, (1000, 500)))
    assert (found_type, width, height) == (content_type, 1000, 500)
    assert Image.open(io.BytesIO(thumbnail)).size == (320, 160)


@pytest.mark.parametrize("data", [b"%PDF-1.4 not an image", b"", image_bytes("PNG")[:200], image_bytes("BMP")])
def test_what_is_not_an_accepted_image_is_refused_whatever_its_name(data):
    with pytest.raises(InvalidImage, match="^image: not a JPEG, PNG, WebP or GIF image"):
        inspect_image(data)


def test_a_decompression_bomb_is_refused():
    with pytest.raises(InvalidImage, match="^image: (more than 40 megapixels|not a JPEG)"):
        inspect_image(image_bytes("PNG", (8000, 6000)))


def test_upload_must_be_base64_of_at_most_5_mb():
    assert decode_upload(base64.b64encode(b"abc").decode()) == b"abc"
    with pytest.raises(InvalidImage, match="^image: not valid base64"):
        decode_upload("not base64!")
    with pytest.raises(InvalidImage, match="^image: larger than 5 MB"):
        decode_upload(base64.b64encode(b"x" * (MAX_IMAGE_BYTES + 1)).decode())
    with pytest.raises(InvalidImage, match="^image: expected the image as base64 text"):
        decode_upload(None)
