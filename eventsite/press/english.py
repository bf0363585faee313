"""English phrasing for drafted documents: articles, noun phrases, gerunds, lists, resolutions.

English needs no agreement with a speaker's gender or case, so these are small rules, each tested;
the Russian side uses a morphology dictionary (eventsite/press/russian.py).
"""
from __future__ import annotations

import re

#: organisations named with an article in running text ("of the Ministry of …")
WITH_ARTICLE = {
    "ministry", "department", "government", "administration", "agency", "federal", "university", "academy",
    "institute", "association", "union", "chamber", "council", "committee", "fund", "foundation", "office",
    "service", "centre", "center", "bank", "state", "national", "russian", "european", "international",
    "division", "directorate", "commission", "board", "forum", "conference", "congress", "summit", "cluster",
    "school", "college", "hospital", "laboratory", "innovation", "regional", "city", "siberian", "iv", "ii",
    "iii", "v", "vi", "vii", "viii", "ix", "x",
}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "his", "her", "all",
               "each", "every", "some", "any", "one", "two", "three", "several", "more", "new"}
#: verbs a resolution or proposal starts with ("Create a working group …")
RESOLUTION_VERBS = set("""
adopt agree allocate amend appoint approve ask assign build call collect compile complete conduct consider
continue coordinate create define design develop draft encourage ensure establish expand extend finance form
fund hold include increase instruct introduce invite involve launch make move open organise organize pilot
plan postpone prepare present promote propose provide publish recommend reduce request review revise run
schedule send set share simplify start study submit support test train translate update use welcome
""".split())
#: words saying that a sentence already reports what someone said or did
REPORTING = set("""
noted said stressed underlined mentioned presented emphasised emphasized pointed told discussed considered
agreed argued suggested proposed recalled reported announced highlighted shared explained believe believes
believed warned called urged described outlined spoke added observed expressed welcomed praised criticised
criticized acknowledged concluded decided resolved underscored insisted raised reviewed examined debated
""".split())
#: subjects that say who said it
SPEAKERS = {"participants", "members", "speakers", "attendees", "experts", "delegates", "panellists",
            "panelists", "representatives", "organisers", "organizers", "moderator"}
_GERUND_EXCEPTIONS = {
    "be": "being", "see": "seeing", "agree": "agreeing", "free": "freeing", "die": "dying", "lie": "lying",
    "tie": "tying", "begin": "beginning", "set": "setting", "run": "running", "put": "putting", "get": "getting",
    "plan": "planning", "stop": "stopping", "submit": "submitting", "commit": "committing", "admit": "admitting",
    "permit": "permitting", "refer": "referring", "prefer": "preferring", "transfer": "transferring",
    "control": "controlling", "cut": "cutting", "let": "letting", "shut": "shutting", "map": "mapping",
    "ship": "shipping", "win": "winning", "dig": "digging",
}


def with_article(name: str) -> str:
    """"the Ministry of Health", "the IV International Forum …", but "Novosibirsk State University"
    (a place name first) and "BioVector" stay as they are."""
    words = name.split()
    if not words or words[0].lower() in ("the", "a", "an"):
        return name
    return f"the {name}" if words[0].lower() in WITH_ARTICLE else name


def noun_phrase(title: str) -> str:
    """A point's title inside a sentence: "the programme supporting …", "bioinformatics", "IT in medicine"."""
    title = title.strip().rstrip(".")
    first = title.split()[0] if title.split() else ""
    if not first or first.isupper() or first[0].isdigit() or first.lower() in DETERMINERS:
        return lower_first(title)
    word = first.lower()
    if word.endswith("s") and not word.endswith("ss"):
        return lower_first(title)
    return "the " + lower_first(title)


def with_indefinite_article(phrase: str) -> str:
    """"a joint course", "an open registry"; a plural or a determiner needs none."""
    words = phrase.split()
    if not words:
        return phrase
    first = words[0].lower()
    if first in DETERMINERS or (first.endswith("s") and not first.endswith("ss")) or words[0].isupper():
        return phrase
    return ("an " if first[0] in "aeiou" else "a ") + phrase


def gerund(verb: str) -> str:
    """"create" → "creating", "set" → "setting", "agree" → "agreeing", "form" → "forming"."""
    lower = verb.lower()
    if lower in _GERUND_EXCEPTIONS:
        return _GERUND_EXCEPTIONS[lower]
    if lower.endswith("ie"):
        return lower[:-2] + "ying"
    if lower.endswith(("ee", "ye", "oe")):
        return lower + "ing"
    if lower.endswith("e") and len(lower) > 2:
        return lower[:-1] + "ing"
    return lower + "ing"


def words_of(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’-]*", sentence)


def is_resolution(sentence: str) -> bool:
    """"Create a working group …", "Set up a registry": a verb first, as resolutions are written."""
    words = words_of(sentence)
    if not words or not words[0][0].isupper():
        return False
    first = words[0].lower()
    second = words[1].lower() if len(words) > 1 else ""
    return first in RESOLUTION_VERBS or (second in DETERMINERS - {"more", "new"} | {"up", "out"}
                                         and first not in DETERMINERS and not first.endswith("s"))


def is_reported(sentence: str, names: set[str] = frozenset()) -> bool:
    """Whether a sentence already says who said it: "Participants underlined …", "Bioinformatics was
    mentioned …", "Artyom Shadrin told …"."""
    words = words_of(sentence)
    lower = {w.lower() for w in words}
    if lower & REPORTING or lower & SPEAKERS:
        return True
    return any(name in sentence for name in names)


def has_verb(sentence: str) -> bool:
    """A rough test: a noun phrase ("A joint course for doctors") has none of these."""
    lower = [w.lower() for w in words_of(sentence)]
    auxiliaries = {"is", "are", "was", "were", "be", "been", "will", "would", "shall", "should", "can", "could",
                   "must", "may", "might", "has", "have", "had", "do", "does", "did", "need", "needs"}
    return any(w in auxiliaries or (len(w) > 4 and w.endswith("ed")) for w in lower[1:])


def lower_first(text: str, proper: set[str] = frozenset()) -> str:
    """"It is necessary …" → "it is necessary …", but "IT research …", "Novosibirsk …" and any word the
    record writes as a name stay as written."""
    words = text.split(maxsplit=1)
    if not words:
        return text
    first = words[0].strip("“”\"'(«»,.:;")
    if len(first) > 1 and not first[1:].islower():
        return text
    if first in proper or not first[:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join(items: list[str], conjunction: str = "and", sep: str = ", ", serial: bool = True) -> str:
    """"a", "a and b", "a, b, and c" (or with "; " between items that have commas of their own);
    `serial=False` for languages without the serial comma ("a, b и c")."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    last = f"{sep.rstrip()} " if serial else " "
    return sep.join(items[:-1]) + f"{last}{conjunction} {items[-1]}"
