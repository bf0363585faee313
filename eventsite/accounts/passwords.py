"""The one rule for a new password, wherever one is set: the user forms, the account page, create_user
and so the create-user command.

zxcvbn estimates how many guesses a password takes, knowing common passwords, words, names, keyboard
patterns, dates and the account's own address and name; "12345678", "password" and "admin@example.org"
are all guessed within seconds.
"""
from __future__ import annotations

import re

from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 128
#: zxcvbn's score runs from 0 (guessed in seconds) to 4; 3 is "safely unguessable" for a site whose
#: hashes might leak but are slow to test
MIN_SCORE = 3
#: zxcvbn refuses longer text, and its work grows with the length; the first 72 characters of a
#: password that long already decide
_SCORED_LENGTH = 72


def check_new_password(password: str, *, email: str = "", name: str = "") -> None:
    """Raise ValueError, with a message for the person choosing it, if `password` is too easy to guess
    for the account with this `email` and `name`."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"A password needs at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"A password has at most {MAX_LENGTH} characters.")
    own = [text for text in (email, email.partition("@")[0], name) if text and text.strip()]
    if password.strip().lower() in {text.strip().lower() for text in own}:
        raise ValueError("A password cannot be the account's email address or name.")
    # the words of them too: "artyomshadrin" is as easy to guess for Artyom Shadrin as his name
    words = [word for text in own for word in re.split(r"[\W_]+", text) if len(word) > 2]
    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=own + words)
    if result["score"] < MIN_SCORE:
        feedback = result["feedback"]
        advice = " ".join(filter(None, [feedback["warning"], *feedback["suggestions"][:1]]))
        raise ValueError(f"This password is too easy to guess. {advice}".strip())
