"""Rendered PDFs kept on disk under a hash of everything that goes into them.

The key covers the HTML, the metadata, the attachments and `pipeline_version()`
(WeasyPrint's version and the print CSS and fonts the HTML links to), so an edit to
the record gives a new key and a stale PDF is never served. The key is the ETag: a
browser that already holds the file gets 304 before anything is rendered.
Files are written to a temporary name and renamed, so several processes can share
the folder and a reader never sees half a file.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app, render_template, request
from flask_babel import gettext

from eventsite import jobs
from eventsite.pdf.render import PdfError

#: bump when the way PDFs are made changes in a way the inputs do not show
CACHE_FORMAT = "1"

_versions: dict[str, str] = {}
_template_versions: dict[tuple, str] = {}


def template_version(folders: tuple[str, ...], version: str) -> str:
    """A hash of what turns a composed record into a document besides the record: the templates under
    `folders` and the compiled catalogs (a changed translation changes the labels), with the document's
    own `version`; read once per process, and on every call in debug."""
    root = current_app.template_folder
    templates = Path(current_app.root_path, root) if not Path(root).is_absolute() else Path(root)
    key = (str(templates), folders, version)
    if current_app.debug or key not in _template_versions:
        digest = hashlib.sha256(version.encode())
        files = [path for name in folders for path in sorted((templates / name).rglob("*.html"))]
        files += sorted(Path(current_app.root_path, "translations").rglob("*.mo"))
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _template_versions[key] = digest.hexdigest()[:16]
    return _template_versions[key]


def pipeline_version() -> str:
    """WeasyPrint's version and a hash of static/pdf/, read once per process."""
    folder = Path(current_app.static_folder, "pdf")
    if str(folder) not in _versions:
        from importlib.metadata import PackageNotFoundError, version

        digest = hashlib.sha256(CACHE_FORMAT.encode())
        try:
            digest.update(version("weasyprint").encode())
        except PackageNotFoundError:  # pragma: no cover
            pass
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
        _versions[str(folder)] = digest.hexdigest()[:16]
    return _versions[str(folder)]


def _jsonable(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def cache_key(key_material) -> str:
    """sha256 of the material (any mix of dicts, lists, strings, bytes, dataclasses) and the pipeline."""
    canonical = json.dumps({"pipeline": pipeline_version(), "material": _jsonable(key_material)},
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _path(key: str) -> Path:
    return Path(current_app.config["PDF_CACHE_DIR"], key[:2], key + ".pdf")


def cached(key: str) -> bytes | None:
    try:
        return _path(key).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def store(key: str, pdf: bytes) -> None:
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cached_pdf(key_material, render_callable: Callable[[], bytes]) -> tuple[bytes, str]:
    """The PDF for this material, from the cache or rendered now and kept; and its key."""
    key = cache_key(key_material)
    pdf = cached(key)
    if pdf is None:
        pdf = render_callable()
        store(key, pdf)
    return pdf, key


def _disposition(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "document.pdf"
    value = f'inline; filename="{ascii_name}"'
    if ascii_name != name:
        value += f"; filename*=UTF-8''{quote(name)}"
    return value


def pdf_error_response(exc: PdfError) -> Response:
    """The error page for a PDF that could not be made, with the reason, never a traceback."""
    title = gettext("The PDF could not be made")
    return Response(render_template("errors/error.html", code=exc.status, title=title, text=str(exc.message)),
                    status=exc.status, mimetype="text/html")


def pdf_file_response(pdf: bytes | None, etag: str, download_name: str) -> Response:
    """`pdf` with `etag`; None when the browser holds it already (If-None-Match), answered by 304."""
    if pdf is None:
        response = Response(status=304)
    else:
        response = Response(pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = _disposition(download_name)
    response.set_etag(etag)
    # who may read it depends on the user: browsers may keep it, shared caches may not, and
    # every use asks again (answered by 304 when nothing changed)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def pdf_response(key_material, render_callable: Callable[[], bytes], download_name: str,
                 job: tuple[Callable, tuple] | None = None) -> Response:
    """Serve the PDF with its key as ETag; 304 without rendering when the browser has it.

    On a cache miss the PDF is rendered now, or, with a queue configured and `job` given
    (a module-level function and its arguments that render the same material and `store` it),
    by the worker while the reader watches the job's page. A failed render answers with the
    error page and the reason, never a traceback.
    """
    key = cache_key(key_material)
    if request.if_none_match.contains(key):
        return pdf_file_response(None, key, download_name)
    pdf = cached(key)
    if pdf is None:
        if job is not None and jobs.queue() is not None:
            func, args = job
            job_id = jobs.enqueue(func, *args, job_id=f"pdf-{key[:40]}")
            return jobs.waiting_page(job_id)
        try:
            pdf = render_callable()
        except PdfError as exc:
            return pdf_error_response(exc)
        try:
            store(key, pdf)
        except OSError:  # a full or read-only disk costs speed, not the download
            current_app.logger.exception("could not keep the PDF in %s", current_app.config["PDF_CACHE_DIR"])
    return pdf_file_response(pdf, key, download_name)
