"""The only way WeasyPrint may read anything: our own static files.

WeasyPrint's default fetcher opens file:// paths and calls any host. PDFs are made
from text users typed, so a point saying <img src="http://127.0.0.1:5432/"> or
<link rel=attachment href="file:///etc/passwd"> must cause no request and embed
nothing. This fetcher answers from the static folder for URLs under
STATIC_ORIGIN + the static URL path, decodes data: URLs itself (they carry their
content, so nothing is requested; a forum logo can be inlined that way), and
refuses everything else before any socket or file is opened.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from weasyprint.urls import URLFetcher, URLFetcherResponse

from eventsite.pdf import STATIC_ORIGIN


class FetchRefused(ValueError):
    """A URL the PDF renderer may not read; WeasyPrint logs it and leaves the resource out."""


class StaticFileFetcher(URLFetcher):
    def __init__(self, static_folder: str | Path, static_url_path: str = "/static", **kwargs):
        # no network handler is ever used: fetch() below never calls the opener
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False, **kwargs)
        self.static_root = Path(static_folder).resolve()
        self.static_prefix = static_url_path.rstrip("/") + "/"

    @classmethod
    def for_app(cls, app) -> "StaticFileFetcher":
        return cls(app.static_folder, app.static_url_path)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return self._data(url)
        path = self.static_path(url)
        if path is None:
            raise FetchRefused(f"only the site's own static files may be used in a PDF, not {url[:200]}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    def static_path(self, url: str) -> Path | None:
        """The file under the static folder that `url` names, or None if it names anything else."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if f"{parts.scheme}://{parts.netloc}".lower() != STATIC_ORIGIN or not parts.path.startswith(self.static_prefix):
            return None
        relative = unquote(parts.path[len(self.static_prefix):])
        if "\x00" in relative:
            return None
        # resolve() follows .. and symlinks; what is left must still be inside the static folder
        path = (self.static_root / relative).resolve()
        if not path.is_relative_to(self.static_root) or not path.is_file():
            return None
        return path

    def _data(self, url: str) -> URLFetcherResponse:
        # urllib's DataHandler only decodes the URL; it opens nothing
        response = DataHandler().data_open(Request(url))
        return URLFetcherResponse(url, response.read(), dict(response.headers))
