"""Accounts: logging in and out, the admin's user management, the first admin."""
from __future__ import annotations

from flask import Flask

from eventsite.accounts.views import bp


def init_app(app: Flask) -> None:
    from eventsite.accounts.service import ensure_first_admin
    from eventsite.accounts.sessions import load_user
    from eventsite.extensions import login_manager

    login_manager.user_loader(load_user)
    app.register_blueprint(bp)
    if app.config.get("CREATE_FIRST_ADMIN"):
        ensure_first_admin(app)
