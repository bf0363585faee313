"""Helpers for the bundle tests: what "export gives back the bundle" means, and a second, fresh installation."""
from __future__ import annotations

import shutil
from contextlib import contextmanager

from eventsite import create_app
from eventsite.models import db


def differences(exported, expected, path: str = "") -> list[str]:
    """Where `exported` does not give back every key and value of `expected`.

    Null in `expected` is the same as leaving the key out (DESIGN.md), so export may write null or the
    field's default there. Lists must have the same items in the same order.
    """
    if isinstance(expected, dict):
        if not isinstance(exported, dict):
            return [f"{path or '(the document)'}: {exported!r} is not an object"]
        out = []
        for key, value in expected.items():
            if value is None:
                continue
            if key not in exported:
                out.append(f"{path}.{key}: missing")
            else:
                out += differences(exported[key], value, f"{path}.{key}" if path else key)
        return out
    if isinstance(expected, list):
        if not isinstance(exported, list) or len(exported) != len(expected):
            return [f"{path}: {len(exported) if isinstance(exported, list) else exported!r} items, "
                    f"not {len(expected)}"]
        return [d for i, (a, b) in enumerate(zip(exported, expected)) for d in differences(a, b, f"{path}[{i}]")]
    return [] if exported == expected else [f"{path}: {exported!r} instead of {expected!r}"]


@contextmanager
def fresh_installation(tmp_path, migrated_db, name: str = "fresh"):
    """Another installation of eventsite with an empty, migrated database; its app context is pushed."""
    folder = tmp_path / name
    folder.mkdir()
    database = folder / "eventsite.sqlite"
    shutil.copy(migrated_db, database)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": f"sqlite:///{database}",
        "PDF_CACHE_DIR": str(folder / "pdf-cache"), "CREATE_FIRST_ADMIN": False, "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
