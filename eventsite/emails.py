"""The one rule for e-mail addresses: accounts, people, a forum's press contact and bundles all use it.

`check_email` is the rule; `normalise_email` only spells an address the way it is stored, for looking
up what is already there. Both fold case: eventsite treats Name@Example.org and name@example.org as
one address, as every mail system people use does.

The messages are in the reader's language. email_validator explains itself in English only, so what
it says most often is matched here and said again as a whole sentence of our catalog.
"""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import get_locale, gettext, lazy_gettext as _l, ngettext

#: the longest address a column holds (user_account.email, person.email, forum.press_contact_email)
MAX_LENGTH = 200
#: the machine itself; email_validator refuses it as not deliverable on the internet, but the first
#: admin of every installation is admin@localhost, so addresses there are accepted
LOCAL_DOMAIN = "localhost"
#: a domain email_validator accepts, used to check the part before the @ of a local address
_STAND_IN_DOMAIN = "example.org"

#: email_validator's commonest reasons, as it writes them → the same in our catalog; a group is kept as written
_REASONS = [(re.compile(pattern), sentence) for pattern, sentence in [
    (r"An email address must have an @-sign\.", _l("An email address must have an @-sign.")),
    (r"There must be something before the @-sign\.", _l("There must be something before the @-sign.")),
    (r"The part after the @-sign is not valid\. It should have a period\.",
     _l("The part after the @-sign is not valid. It should have a period.")),
    (r"The part after the @-sign is not valid\. It is not within a valid top-level domain\.",
     _l("The part after the @-sign is not valid. It is not within a valid top-level domain.")),
    (r"The part after the @-sign is a special-use or reserved name that cannot be used with email\.",
     _l("The part after the @-sign is a special-use or reserved name that cannot be used with email.")),
    (r"The email address contains invalid characters before the @-sign: (?P<characters>.+)\.",
     _l("The email address contains invalid characters before the @-sign: %(characters)s.")),
    (r"The part after the @-sign contains invalid characters: (?P<characters>.+)\.",
     _l("The part after the @-sign contains invalid characters: %(characters)s.")),
    (r"An email address cannot have two periods in a row\.", _l("An email address cannot have two periods in a row.")),
    (r"An email address cannot start with a period\.", _l("An email address cannot start with a period.")),
    (r"An email address cannot end with a period\.", _l("An email address cannot end with a period.")),
    (r"An email address cannot have a period immediately before the @-sign\.",
     _l("An email address cannot have a period immediately before the @-sign.")),
]]


def normalise_email(text: str) -> str:
    """`text` as addresses are stored: without surrounding space, in lower case."""
    return text.strip().lower()


def check_email(text: str) -> str:
    """The address in `text`, normalised, or ValueError with a message for the person who typed it.

    No DNS lookup: an address is checked for its form only, so checking works offline and never waits.
    """
    address = normalise_email(text or "")
    if not address:
        raise ValueError(gettext("Enter an email address."))
    if len(address) > MAX_LENGTH:
        raise ValueError(ngettext("An email address has at most %(num)d character.",
                                  "An email address has at most %(num)d characters.", MAX_LENGTH))
    local, at, domain = address.rpartition("@")
    local_address = at and domain == LOCAL_DOMAIN
    try:
        checked = validate_email(f"{local}@{_STAND_IN_DOMAIN}" if local_address else address,
                                 check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(_reason(str(exc))) from None
    if local_address:
        return f"{checked.local_part}@{LOCAL_DOMAIN}".lower()
    return checked.normalized.lower()


def _reason(message: str) -> str:
    """email_validator's `message` in the reader's language."""
    for pattern, sentence in _REASONS:
        match = pattern.fullmatch(message)
        if match:
            return sentence % match.groupdict()
    locale = get_locale()
    if locale is None or locale.language == "en":
        return message
    # a rarer reason: a sentence of ours, with the library's English detail
    return gettext("This is not an email address that can be used (%(reason)s).", reason=message)
