"""Bundles: a forum and everything recorded about it as one JSON document; the demo.

`read_bundle(bytes)`, `import_bundle(data)` and `export_bundle(forum)` are the domain functions;
the commands `import-bundle`, `export-bundle` and `demo` call them. `export_session_bundle(session)`
is one session's record in the same format, for the minutes' PDF.
"""
from __future__ import annotations

from flask import Flask

from eventsite.bundles.exporter import export_bundle, export_session_bundle
from eventsite.bundles.importer import ImportResult, import_bundle
from eventsite.bundles.validate import BundleError, Problem, read_bundle, validate_bundle

__all__ = [
    "BundleError", "ImportResult", "Problem", "export_bundle", "export_session_bundle", "import_bundle", "read_bundle",
    "validate_bundle", "init_app",
]


def init_app(app: Flask) -> None:
    from eventsite.bundles.commands import demo_command, export_bundle_command, import_bundle_command
    from eventsite.bundles.views import bp

    app.register_blueprint(bp)

    app.cli.add_command(import_bundle_command)
    app.cli.add_command(export_bundle_command)
    app.cli.add_command(demo_command)
