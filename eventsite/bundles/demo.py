"""The Technoprom-2016 demo: the packaged bundle and one account per role to try it with."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from eventsite.accounts.service import create_user, find_user, generate_password
from eventsite.bundles.importer import ImportResult, import_bundle
from eventsite.models import Forum, Person, UserRole, db
from eventsite.organise.service import add_organiser

DEMO_FORUM = "technoprom-2016"
DEMO_DOMAIN = "demo.eventsite"
ACCOUNTS_FILE = "demo-accounts.txt"
#: the participant account is this person, so it can read what he took part in
DEMO_PARTICIPANT = "Artyom Shadrin"
ROLES = ["admin", "organiser", "press", "participant"]


def demo_bundle() -> dict:
    text = resources.files("eventsite").joinpath("demo", f"{DEMO_FORUM}.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class DemoAccount:
    role: str
    email: str
    #: None when the account's password was changed since the demo made it
    password: str | None


def load_demo(instance_path: str) -> tuple[ImportResult, list[DemoAccount]]:
    """Import the demo bundle (idempotent) and make sure its accounts exist."""
    result = import_bundle(demo_bundle())
    accounts = ensure_demo_accounts(Path(instance_path) / ACCOUNTS_FILE)
    return result, accounts


def _read_passwords(path: Path) -> dict[str, str]:
    passwords = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return passwords
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            _role, email, password = parts
            passwords[email] = password
    return passwords


def _write_passwords(path: Path, accounts: list[DemoAccount], passwords: dict[str, str]) -> None:
    lines = ["# eventsite demo accounts: for trying the demo only, never for real work", "# role email password"]
    lines += [f"{a.role} {a.email} {passwords[a.email]}" for a in accounts if a.email in passwords]
    path.parent.mkdir(parents=True, exist_ok=True)
    # written with mode 0600 from the start: the file holds passwords
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)


def ensure_demo_accounts(path: Path) -> list[DemoAccount]:
    """One account per role, passwords generated once and kept in the instance folder."""
    passwords = _read_passwords(path)
    accounts = []
    person = db.session.execute(
        db.select(Person).filter_by(name=DEMO_PARTICIPANT).order_by(Person.id).limit(1)
    ).scalar_one()
    for role in ROLES:
        email = f"{role}@{DEMO_DOMAIN}"
        user = find_user(email)
        if user is None:
            password = passwords.get(email) or generate_password()
            create_user(email, UserRole(role), password, name=f"Demo {role}",
                        person=person if role == "participant" else None)
            passwords[email] = password
        elif email not in passwords:
            # the file was lost: a demo account gets a new password rather than none
            password = generate_password()
            user.set_password(password)
            passwords[email] = password
        elif not user.check_password(passwords[email]):
            passwords.pop(email)  # changed by its user; not ours to show
        accounts.append(DemoAccount(role, email, passwords.get(email)))
    # the demo organiser organises the demo forum, so its audit log is theirs to read
    forum = db.session.execute(db.select(Forum).filter_by(slug="technoprom-2016")).scalar_one_or_none()
    organiser = find_user(f"organiser@{DEMO_DOMAIN}")
    if forum is not None and organiser is not None:
        db.session.flush()
        add_organiser(forum, organiser)
    db.session.commit()
    _write_passwords(path, accounts, passwords)
    return accounts
