"""The audit log, readable: /audit and the "History" link of each record's page."""
from eventsite.history.views import init_app

__all__ = ["init_app"]
