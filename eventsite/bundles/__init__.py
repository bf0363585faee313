"""Bundles: a forum and everything recorded about it as one JSON document; the demo."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    pass
