"""The DRAFT mark across every page of a document that is not final, drawn as an image.

As text it would be read out by screen readers and come out of `pdftotext` mixed into the
document's own text on every page; as an image with empty alt text it is only seen.
"""
from __future__ import annotations

import base64
import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

#: the print CSS's fonts, as Debian installs them (fonts-noto-core, fonts-dejavu-core)
_FONTS = ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
#: the colour of the mark: the print CSS's red, mostly transparent
_INK = (190, 0, 0, 36)


def _font(size: int):
    for path in _FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


@lru_cache(maxsize=32)
def watermark_data_url(text: str) -> str:
    """A PNG of `text`, large, red and faint, turned 35° up to the right, as a data: URL."""
    font = _font(220)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("RGBA", (right - left + 40, bottom - top + 40), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((20 - left, 20 - top), text, font=font, fill=_INK)
    image = image.rotate(35, expand=True, resample=Image.Resampling.BICUBIC)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
