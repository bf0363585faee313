"""A forum's letterhead logo: PNG or JPEG only, size-limited, verified and re-encoded before use.

Re-encoding with Pillow keeps only pixels: no metadata, no trailing payload, no
format the PDF renderer would have to trust.
"""
from __future__ import annotations

import io

from flask_babel import gettext
from PIL import Image, UnidentifiedImageError

#: the largest logo file accepted
MAX_BYTES = 512 * 1024
#: more pixels than this is not a logo (and may be a decompression bomb)
MAX_PIXELS = 4000 * 4000
#: the stored logo is at most this size; the letterhead shows it far smaller
STORED_SIZE = (900, 300)
ACCEPTED_FORMATS = {"PNG", "JPEG"}


class LogoError(ValueError):
    pass


def reencode_logo(data: bytes) -> bytes:
    """A clean PNG made from an uploaded PNG or JPEG, or LogoError saying what is wrong."""
    if not data:
        raise LogoError(gettext("Choose a PNG or JPEG file."))
    if len(data) > MAX_BYTES:
        raise LogoError(gettext("The logo is %(size)s KB; the largest accepted is %(limit)s KB.",
                                size=len(data) // 1024, limit=MAX_BYTES // 1024))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if kind not in ACCEPTED_FORMATS:
                raise LogoError(gettext("The logo must be a PNG or JPEG image, not %(format)s.", format=kind) if kind
                                else gettext("The logo must be a PNG or JPEG image, not this kind of file."))
            if probe.width * probe.height > MAX_PIXELS:
                raise LogoError(gettext("The logo has too many pixels; use an image of at most 4000 × 4000."))
            probe.verify()
        # verify() leaves the image unusable: open again to decode every pixel
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
    except LogoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise LogoError(gettext("The file is not a PNG or JPEG image that can be read.")) from None
    image.thumbnail(STORED_SIZE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
