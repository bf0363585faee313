"""What every template can use: permission checks and date filters."""
from __future__ import annotations

from flask import Flask

from eventsite import permissions
from eventsite.dates import format_day, format_key_date


def init_app(app: Flask) -> None:
    app.add_template_filter(format_key_date, "key_date")
    app.add_template_filter(format_day, "day")

    @app.context_processor
    def inject():
        return {
            "can_edit_records": permissions.can_edit_records,
            "can_edit_press": permissions.can_edit_press,
            "can_export_pdf": permissions.can_export_pdf,
            "can_manage_users": permissions.can_manage_users,
            "url_map_endpoints": app.view_functions,
        }
