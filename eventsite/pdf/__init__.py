"""PDF documents: HTML rendered by WeasyPrint behind a fetcher that reads only our static files.

`render.render_pdf` makes the bytes (bounded in time and size), `cache.pdf_response` serves them
from a cache keyed by everything that goes into the file. PDF templates extend `pdf/base.html`,
which links `static/pdf/print.css` through the template global `pdf_static_url`.

Using it for another document (the press release does the same)::

    from eventsite.pdf.cache import pdf_response
    from eventsite.pdf.render import PdfAttachment, PdfMetadata, render_pdf

    html = render_template("press/pdf.html", ...)         # extends "pdf/base.html"
    meta = PdfMetadata(title=..., author=..., subject=..., keywords=(...), language="en")
    files = [PdfAttachment("session-record.json", data)]
    return pdf_response({"html": html, "metadata": meta, "attachments": files},
                        lambda: render_pdf(html, metadata=meta, attachments=files), "name.pdf")

Nothing here imports WeasyPrint at import time: it takes about a second, and pages that make no
PDF should not pay for it. `render` imports it once per process, on the first PDF.
"""
from __future__ import annotations

from flask import Flask, current_app

from eventsite.pdf.watermark import watermark_data_url

#: the origin PDF templates name static files by; `.invalid` never resolves and is never asked
STATIC_ORIGIN = "https://eventsite.invalid"


def pdf_static_url(filename: str) -> str:
    """The URL of one of our static files as a PDF template writes it, whatever host serves the site."""
    return f"{STATIC_ORIGIN}{current_app.static_url_path}/{filename.lstrip('/')}"


def init_app(app: Flask) -> None:
    app.add_template_global(pdf_static_url, "pdf_static_url")
    app.add_template_global(watermark_data_url, "watermark_image")
