"""Product photos for the demo data (and the tests): plain PNGs drawn without an imaging library."""
import struct
import zlib


def solid_png(width: int, height: int, colour: tuple[int, int, int], band: tuple[int, int, int] | None = None) -> bytes:
    """A `width` × `height` PNG of one colour, with an optional band of another across its middle."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    def row(y: int) -> bytes:
        inside_band = band is not None and height // 3 <= y < 2 * height // 3
        return b"\x00" + bytes(band if inside_band else colour) * width

    pixels = b"".join(row(y) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")
