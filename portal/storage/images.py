"""Images sent by people: checked by their content, re-encoded, resized, stripped of metadata.

Pillow reads only the header before we decide: a "decompression bomb" (a small file that would
unpack into gigapixels) is refused before any pixel is decoded.
"""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is already far more than a logo needs


TOO_LARGE = "Cette image est beaucoup trop grande (en pixels) : réduisez-la avant de l'envoyer."


class ImageRejected(ValueError):
    """The French reason why an image is refused."""


def open_checked(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected("Ce format d'image n'est pas accepté : envoyez un fichier PNG, JPEG, WebP ou GIF.")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(TOO_LARGE)
            image.verify()  # a truncated or corrupt file fails here
            image = Image.open(io.BytesIO(data))
            image.load()
            return image
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(TOO_LARGE) from None
    except UnidentifiedImageError:
        raise ImageRejected(
            "Ce fichier n'est pas une image valable : envoyez un fichier PNG, JPEG, WebP ou GIF."
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRejected("Cette image est abîmée ou incomplète : essayez de l'enregistrer à nouveau.") from None


def fit_square(image: Image.Image, size: int) -> bytes:
    """The image inside a size × size transparent square, as a PNG with no metadata."""
    image = ImageOps.exif_transpose(image).convert("RGBA")
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    canvas.paste(image, ((size - image.width) // 2, (size - image.height) // 2), image)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def logo_variants(data: bytes, sizes: tuple[int, ...]) -> dict[int, bytes]:
    image = open_checked(data)
    return {size: fit_square(image, size) for size in sizes}
