"""Exercise pictures: what an upload must be, and the smaller copy of it that is stored.

An upload is checked from its header before anything is decoded (file size, kind, pixel
count), so a huge or forged image is a form error, never a server that runs out of memory.
The stored copy is turned upright, made at most MAX_SIDE pixels wide and high and saved as
WebP without the original's metadata (EXIF: camera, time, place).
"""

import io
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # 25 megapixels, e.g. 6000 × 4000 from a camera
MAX_SIDE = 1200
QUALITY = 82
# The kinds Pillow may open here; others (PostScript, for one, which runs Ghostscript) are refused unread.
FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]

NOT_A_PICTURE = "Upload a picture: a JPEG, PNG, WebP or GIF file."


def check_upload(file):
    """Refuse `file` unless it is a JPEG, PNG, WebP or GIF of at most 5 MB and 25 megapixels.

    Reads the header only; leaves the file at its start.
    """
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {file.size / 1024 / 1024:.1f} MB; a picture can be up to 5 MB.", code="too_large"
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=FORMATS) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_many_pixels(), code="too_many_pixels") from None
    except Exception:  # Pillow could not read it as one of FORMATS
        raise ValidationError(NOT_A_PICTURE, code="invalid_image") from None
    finally:
        file.seek(0)
    if width * height > MAX_PIXELS:
        raise ValidationError(_too_many_pixels(f"{width} × {height}"), code="too_many_pixels")


def _too_many_pixels(size=None):
    what = f"This picture is {size} pixels" if size else "This picture has too many pixels"
    return f"{what}; a picture can have up to {MAX_PIXELS // 1_000_000} megapixels. Make it smaller and try again."


class PictureField(forms.ImageField):
    """An image upload, checked by `check_upload` before Django's own check decodes anything."""

    def to_python(self, data):
        if data not in self.empty_values:
            check_upload(data)
        return super().to_python(data)


def shrink(file):
    """The picture in `file`, upright, at most MAX_SIDE × MAX_SIDE pixels, as WebP with no metadata.

    Only its colour profile is kept, so colours stay right. Returns a ContentFile.
    """
    file.seek(0)
    with Image.open(file, formats=FORMATS) as original:
        original.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes at a smaller scale straight away
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    out = io.BytesIO()
    image.save(out, "WEBP", quality=QUALITY, **({"icc_profile": icc_profile} if icc_profile else {}))
    return ContentFile(out.getvalue())
