"""The one rule for e-mail addresses: accounts, people, a forum's press contact and bundles all use it.

`check_email` is the rule; `normalise_email` only spells an address the way it is stored, for looking
up what is already there. Both fold case: eventsite treats Name@Example.org and name@example.org as
one address, as every mail system people use does.
"""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

#: the longest address a column holds (user_account.email, person.email, forum.press_contact_email)
MAX_LENGTH = 200
#: the machine itself; email_validator refuses it as not deliverable on the internet, but the first
#: admin of every installation is admin@localhost, so addresses there are accepted
LOCAL_DOMAIN = "localhost"
#: a domain email_validator accepts, used to check the part before the @ of a local address
_STAND_IN_DOMAIN = "example.org"


def normalise_email(text: str) -> str:
    """`text` as addresses are stored: without surrounding space, in lower case."""
    return text.strip().lower()


def check_email(text: str) -> str:
    """The address in `text`, normalised, or ValueError with a message for the person who typed it.

    No DNS lookup: an address is checked for its form only, so checking works offline and never waits.
    """
    address = normalise_email(text or "")
    if not address:
        raise ValueError("Enter an email address.")
    if len(address) > MAX_LENGTH:
        raise ValueError(f"An email address has at most {MAX_LENGTH} characters.")
    local, at, domain = address.rpartition("@")
    local_address = at and domain == LOCAL_DOMAIN
    try:
        checked = validate_email(f"{local}@{_STAND_IN_DOMAIN}" if local_address else address,
                                 check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None
    if local_address:
        return f"{checked.local_part}@{LOCAL_DOMAIN}".lower()
    return checked.normalized.lower()
