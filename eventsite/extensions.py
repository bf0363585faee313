"""The Flask extensions, created unbound and bound by init_app."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from eventsite.models.base import db

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
#: no limit by default; the login limits are on their views (accounts/throttle.py). Storage: RATELIMIT_STORAGE_URI
limiter = Limiter(key_func=get_remote_address)

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def init_app(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 15}})
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    # flashed in the reader's language: Flask-Login passes the message through localize_callback
    login_manager.login_message = _l("Please log in to see that page.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    limiter.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        # the client's address (for the login limits) as the proxies in front saw it; only the address:
        # trusting their scheme and host too would change what CSRF's referrer check compares
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])
