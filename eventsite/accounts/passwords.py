"""The one rule for a new password, wherever one is set: the user forms, the account page, create_user
and so the create-user command.

zxcvbn estimates how many guesses a password takes, knowing common passwords, words, names, keyboard
patterns, dates and the account's own address and name; "12345678", "password" and "admin@example.org"
are all guessed within seconds.

Its advice is English only, and comes from a fixed set of sentences; they are listed below so that our
catalog holds them, and the message reads in the reader's language.
"""
from __future__ import annotations

import re

from flask_babel import gettext, ngettext
from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 128
#: zxcvbn's score runs from 0 (guessed in seconds) to 4; 3 is "safely unguessable" for a site whose
#: hashes might leak but are slow to test
MIN_SCORE = 3
#: zxcvbn refuses longer text, and its work grows with the length; the first 72 characters of a
#: password that long already decide
_SCORED_LENGTH = 72


def N_(message: str) -> str:
    """Marks a message for the catalog only; it is translated where it is shown."""
    return message


#: every warning and suggestion zxcvbn 4.4 gives (zxcvbn/feedback.py), for the catalog
ZXCVBN_ADVICE = (
    N_("Add another word or two. Uncommon words are better."),
    N_("Capitalization doesn't help very much."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("This is a top-10 common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Dates are often easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Avoid dates and years that are associated with you."),
)


def check_new_password(password: str, *, email: str = "", name: str = "") -> None:
    """Raise ValueError, with a message for the person choosing it, if `password` is too easy to guess
    for the account with this `email` and `name`."""
    if len(password) < MIN_LENGTH:
        raise ValueError(ngettext("A password needs at least %(num)d character.",
                                  "A password needs at least %(num)d characters.", MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise ValueError(ngettext("A password has at most %(num)d character.",
                                  "A password has at most %(num)d characters.", MAX_LENGTH))
    own = [text for text in (email, email.partition("@")[0], name) if text and text.strip()]
    if password.strip().lower() in {text.strip().lower() for text in own}:
        raise ValueError(gettext("A password cannot be the account's email address or name."))
    # the words of them too: "artyomshadrin" is as easy to guess for Artyom Shadrin as his name
    words = [word for text in own for word in re.split(r"[\W_]+", text) if len(word) > 2]
    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=own + words)
    if result["score"] < MIN_SCORE:
        feedback = result["feedback"]
        advice = [gettext(text) for text in filter(None, [feedback["warning"], *feedback["suggestions"][:1]])]
        raise ValueError(" ".join([gettext("This password is too easy to guess."), *advice]))
