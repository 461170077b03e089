"""Real image files for upload tests, made on the fly (nothing large is committed)."""

import io
import struct
import zlib

from PIL import Image


def png(width: int = 300, height: int = 150, color=(11, 100, 99)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_exif(width: int = 640, height: int = 480) -> bytes:
    image = Image.new("RGB", (width, height), (200, 80, 20))
    exif = Image.Exif()
    exif[0x010F] = "Appareil-Secret"  # Make
    exif[0x0131] = "Logiciel-Secret"  # Software
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A tiny PNG whose header announces billions of pixels: decoding it would take gigabytes."""
    data = bytearray(png(1, 1))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def truncated_png() -> bytes:
    return png(400, 400, (1, 2, 3))[:200]
