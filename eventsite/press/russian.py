"""Russian grammar for drafted documents, from pymorphy3's dictionary, never from hand-made endings.

- a person's gender from the first name (or patronymic, or a surname whose nominative tells it):
  «Елена Краснова» → "femn";
- a noun phrase in another case: «Томский государственный университет» → «Томского государственного
  университета», «круглый стол» → «круглом столе»;
- a past-tense verb that agrees with its subject: «отметить» → «отметил» / «отметила» / «отметили».

Where the dictionary cannot say for sure, a function returns None and the drafter picks a construction
that needs no agreement («…», — по словам …; a dash for an omitted verb; the name as recorded).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3

#: a Cyrillic word, hyphenated parts included («научно-исследовательский», «Мамин-Сибиряк»)
WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
#: kept as written at the start of a phrase: «IV Международный форум», «2-й Всероссийский съезд»
_LEADING_FIXED = re.compile(r"(?:[IVXLCDM]+|\d+(?:-[а-яё]+)?)")
#: tags of words that keep their capital letter inside a sentence
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}
#: parts of speech that make a text a sentence rather than a noun phrase
PREDICATES = {"VERB", "INFN", "PRTS", "ADJS", "PRED"}


@cache
def morph() -> pymorphy3.MorphAnalyzer:
    # loaded on first use (a few MB of dictionary), never at import time
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def parses(word: str) -> tuple:
    return tuple(morph().parse(word))


def is_cyrillic(text: str) -> bool:
    return bool(WORD.search(text or ""))


# -- people ----------------------------------------------------------------------------------------------


def _nominative_genders(word: str, tag: str) -> set[str | None]:
    return {str(p.tag.gender) if p.tag.gender else None
            for p in parses(word) if tag in p.tag and p.tag.case == "nomn" and p.tag.number == "sing"}


def gender(full_name: str) -> str | None:
    """"masc" or "femn" from the dictionary's first names, patronymics, then surnames; None if unsure
    (a Latin name, a first name for either, a name the dictionary does not know)."""
    words = WORD.findall(full_name or "")
    for tag in ("Name", "Patr", "Surn"):
        for word in words:
            genders = _nominative_genders(word, tag)
            if genders and len(genders) == 1 and None not in genders:
                return genders.pop()
            if genders and tag == "Name":
                # a name for either («Саша», «Женя»): the patronymic or surname may still tell
                break
    return None


def surname(full_name: str) -> str:
    """«Краснова» of «Елена Краснова», of «Елена Викторовна Краснова» and of «Краснова Елена Викторовна»."""
    words = full_name.split()
    if len(words) < 2:
        return full_name
    if len(words) == 3 and _nominative_genders(words[2], "Patr") and _nominative_genders(words[1], "Name"):
        return words[0]
    return words[-1]


def genitive_name(full_name: str) -> str | None:
    """«Елены Красновой»; a Latin-script name stays as written; None where the genitive is unsure."""
    out = []
    for word in full_name.split():
        if not is_cyrillic(word):
            out.append(word)
            continue
        forms = set()
        for p in parses(word):
            if p.tag.case == "nomn" and p.tag.number == "sing" and {"Name", "Surn", "Patr"} & set(p.tag.grammemes):
                inflected = p.inflect({"gent"})
                if inflected is not None:
                    forms.add(inflected.word)
        if len(forms) != 1:
            return None
        out.append(_same_case(word, forms.pop()))
    return " ".join(out)


# -- noun phrases ----------------------------------------------------------------------------------------


def _nominative(word: str, pos: set[str]) -> list:
    found = [p for p in parses(word.lower()) if p.tag.case == "nomn" and p.tag.POS in pos]
    return sorted(found, key=lambda p: -p.score)


def inflect_phrase(phrase: str, case: str) -> str | None:
    """`phrase` (a noun phrase in the nominative) in `case` ("gent", "datv", "accs", "ablt", "loct"):
    the adjectives before the head noun and the head change, the words after it (already in their own
    case: «… экономического развития Российской Федерации») stay. An abbreviation or an indeclinable
    head stays as written. None when the dictionary cannot tell the head: keep the phrase as recorded.
    """
    tokens = phrase.split()
    if not tokens:
        return None
    out: list[str] = []
    i = 0
    while i < len(tokens) and _LEADING_FIXED.fullmatch(tokens[i]):
        out.append(tokens[i])
        i += 1
    adjectives: list[tuple[str, list]] = []
    head = None
    while i < len(tokens):
        word = tokens[i]
        if not WORD.fullmatch(word):
            return None
        if word.isupper() and len(word) > 1:
            # «ТГУ», «ООО «…»»: an abbreviation does not decline, nor anything that depends on it
            return phrase if not adjectives else None
        nouns = _nominative(word, {"NOUN"})
        adjs = _nominative(word, {"ADJF", "PRTF"})
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if adjs and (not nouns or (following and WORD.fullmatch(following)
                                   and _nominative(following, {"NOUN", "ADJF", "PRTF"}))):
            adjectives.append((word, adjs))
            i += 1
            continue
        if not nouns:
            return None
        head = (word, nouns)
        break
    if head is None:
        return None
    word, nouns = head
    sing = [p for p in nouns if p.tag.number == "sing"] or nouns
    noun = sing[0]
    if "Fixd" in noun.tag:
        inflected_head = word
    else:
        form = noun.inflect({case})
        if form is None:
            return None
        inflected_head = _same_case(word, form.word)
    for adjective, options in adjectives:
        agreeing = [p for p in options if p.tag.number == noun.tag.number
                    and (noun.tag.number == "plur" or p.tag.gender == noun.tag.gender)]
        if not agreeing:
            return None
        grammemes = {case} | ({"anim"} if case == "accs" and "anim" in noun.tag else set())
        form = agreeing[0].inflect(grammemes)
        if form is None:
            return None
        out.append(_same_case(adjective, form.word))
    out.append(inflected_head)
    out.extend(tokens[i + 1:])
    return " ".join(out)


def head_gender(phrase: str) -> str | None:
    """The gender of a noun phrase's head: «круглый стол» → "masc", «панельная дискуссия» → "femn"."""
    for word in phrase.split():
        nouns = [p for p in _nominative(word, {"NOUN"}) if p.tag.number == "sing"]
        if nouns:
            return str(nouns[0].tag.gender) if nouns[0].tag.gender else None
    return None


# -- verbs -----------------------------------------------------------------------------------------------


def _infinitive(verb: str):
    found = [p for p in parses(verb) if p.tag.POS == "INFN"]
    if not found:
        raise ValueError(f"{verb!r} is not an infinitive")
    return found[0]


def past(verb: str, subject_gender: str | None) -> str | None:
    """«сказать» → «сказал» (masc), «сказала» (femn), «сказало» (neut), «сказали» ("plur"); None if the
    gender is not known."""
    if subject_gender is None:
        return None
    grammemes = {"past", "plur"} if subject_gender == "plur" else {"past", "sing", subject_gender}
    form = _infinitive(verb).inflect(grammemes)
    return form.word if form is not None else None


def present(verb: str) -> str:
    """«говорить» → «говорит»: the third person, the same for every gender."""
    form = _infinitive(verb).inflect({"pres", "3per", "sing"})
    if form is None:
        raise ValueError(f"{verb!r} has no present tense")
    return form.word


# -- sentences -------------------------------------------------------------------------------------------


def keeps_capital(word: str) -> bool:
    """Whether a sentence's first word stays capitalised inside a sentence: a name, a place, an
    organisation, an abbreviation."""
    if not WORD.fullmatch(word):
        return True
    if word.isupper() and len(word) > 1:
        return True
    best = parses(word)
    return bool(best) and bool(PROPER & set(best[0].tag.grammemes))


def has_predicate(sentence: str) -> bool:
    """Whether a text is a sentence (has a verb, a short form, «необходимо»), not a noun phrase."""
    for word in WORD.findall(sentence):
        found = parses(word.lower())
        if found and found[0].tag.POS in PREDICATES:
            return True
    return False


def starts_with_infinitive(sentence: str) -> bool:
    """«Создать рабочую группу …»: how a resolution or a proposal is written."""
    words = WORD.findall(sentence)
    return bool(words) and any(p.tag.POS == "INFN" for p in parses(words[0].lower()))


def lemmas(sentence: str) -> list[str]:
    """The dictionary forms of a sentence's words: «отметила» → «отметить»."""
    return [parses(w.lower())[0].normal_form.replace("ё", "е") for w in WORD.findall(sentence)]


def lemma(word: str) -> str:
    return parses(word.lower())[0].normal_form.replace("ё", "е")


def _same_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] if n == 0 or orig[:1].isupper() else part
                        for n, (part, orig) in enumerate(zip(word.split("-"), _pad(original.split("-"), word))))
    return word


def _pad(parts: list[str], word: str) -> list[str]:
    wanted = word.count("-") + 1
    return parts + [""] * (wanted - len(parts))
