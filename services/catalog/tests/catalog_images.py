"""Images made on the spot for the catalog's tests."""
import base64
import io

from PIL import Image


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, image_format)
    return buffer.getvalue()


def image_base64(image_format: str = "PNG", size: tuple[int, int] = (640, 480)) -> str:
    return base64.b64encode(image_bytes(image_format, size)).decode()
