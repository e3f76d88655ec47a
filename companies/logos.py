"""Company logos: an upload checked by its content, stored as square WebP at 256 and 64 px.

Only what Pillow decodes as JPEG, PNG or WebP is accepted, whatever the file is called; the image
is decoded in full (a truncated file fails here, not in a browser) and re-encoded from a fresh
canvas, so EXIF (camera, GPS position) and any other metadata of the upload are dropped.
"""

import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
SIZES = (256, 64)
# Transparent white: a logo with an alpha channel keeps it, and viewers without alpha see white.
PADDING = (255, 255, 255, 0)


def logo_renditions(upload: File) -> dict[int, ContentFile]:
    """{256: webp, 64: webp} from an upload; a ValidationError says why an upload is refused."""
    image = _decoded(_read(upload))
    square = _square(ImageOps.exif_transpose(image).convert("RGBA"))
    return {size: _webp(square, size) for size in SIZES}


def _read(upload: File) -> bytes:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_("The logo is larger than 5 MB."), code="too_large")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The logo is larger than 5 MB."), code="too_large")
    return data


def _decoded(data: bytes) -> Image.Image:
    """Open, check the format and the size from the header, then decode everything."""
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse there too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
        except UnidentifiedImageError as exc:
            raise _not_an_image() from exc
    if image.format not in FORMATS:
        raise _not_an_image()
    if max(image.size) > MAX_SIDE:
        raise _too_many_pixels()
    try:
        image.verify()
        # verify() leaves the image unusable, so decode a second, fresh one.
        image = Image.open(BytesIO(data))
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("The image is damaged or incomplete; save it again and upload that."),
            code="damaged",
        ) from exc
    return image


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("Upload a JPEG, PNG or WebP image (other formats, SVG included, are refused)."),
        code="format",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image is larger than 4000 x 4000 pixels."), code="too_many_pixels"
    )


def _square(image: Image.Image) -> Image.Image:
    side = max(image.size)
    canvas = Image.new("RGBA", (side, side), PADDING)
    canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    return canvas


def _webp(square: Image.Image, size: int) -> ContentFile:
    out = BytesIO()
    square.resize((size, size), Image.Resampling.LANCZOS).save(out, "WEBP", quality=90, method=4)
    return ContentFile(out.getvalue(), name=f"{size}.webp")
