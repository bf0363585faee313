"""eventsite: minutes and press releases for the sessions of forums."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from eventsite import config

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> str:
    """Find templates/ or static/ both in a checkout and in an installed wheel.

    In a checkout they sit beside the package; a wheel maps them into it
    (setup.cfg package_dir), so look inside the package first.
    """
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return str(inside)
    return str(PACKAGE_DIR.parent / name)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=config.instance_path(),
        instance_relative_config=True,
        template_folder=_resource_dir("templates"),
        static_folder=_resource_dir("static"),
    )
    config.load(app, test_config)

    from eventsite import (
        accounts,
        agenda,
        archive,
        attachments,
        api,
        audit,
        bundles,
        cli,
        errors,
        extensions,
        history,
        i18n,
        jobs,
        markdown,
        minutes,
        notify,
        organise,
        press,
        reading,
        search,
        security,
        templating,
        trash,
        urls,
    )

    from eventsite.pdf import artifacts

    # first: the routes the areas add take their converters when they are added
    urls.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    # before the audit hook: a refused change to an archived forum is not logged
    archive.init_app(app)
    audit.init_app(app)
    markdown.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    accounts.init_app(app)
    reading.init_app(app)
    bundles.init_app(app)
    cli.init_app(app)
    organise.init_app(app)
    minutes.init_app(app)
    agenda.init_app(app)
    notify.init_app(app)
    history.init_app(app)
    press.init_app(app)
    search.init_app(app)
    attachments.init_app(app)
    trash.init_app(app)
    jobs.init_app(app)
    artifacts.init_app(app)
    api.init_app(app)
    return app
