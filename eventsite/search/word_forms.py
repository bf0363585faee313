"""The other forms of a Russian word a query asks for, from pymorphy3's dictionary.

Snowball strips endings by rule, so it keeps apart forms of one word that a reader takes for the
same: it reads the -ом of «Артём» and «Технопром» as an instrumental ending («арт», «технопр»),
while «Артёма» and «Технопрома» keep it («артем», «технопром»); and no rule of endings joins
«сон» and «сна», «идти» and «шли». The dictionary does. A typed Cyrillic word is parsed (a word
the dictionary lacks, such as «Технопрома», gets the paradigm pymorphy3 guesses from its ending),
and every form of its likeliest lexemes whose Snowball stem differs from the typed word's is asked
for as well, matched by stem exactly as the typed word's own stem is (eventsite/search/queries.py).

This is done to the query only: the index of either database is left as it is, and nothing is
re-indexed when the dictionary changes. The cost is bounded: at most MAX_LEXEMES lexemes and
MAX_FORMS forms a word (one form per distinct stem), and a word is parsed once per process.
"""
from __future__ import annotations

import re
from functools import lru_cache

from eventsite.press.russian import morph  # one analyzer (and its dictionary) per process
from eventsite.search.index import fold, stem

#: the likeliest readings of a word taken (pymorphy3 orders them by score): «шадрина» is a woman's
#: first name, the genitive of «Шадрин» or the nominative of «Шадрина»; more readings add noise
MAX_LEXEMES = 3
#: forms with distinct stems taken from them; a noun has 12 forms and a few stems, a verb many more
MAX_FORMS = 12
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04ff]+$")


@lru_cache(maxsize=20_000)
def other_forms(word: str) -> tuple[str, ...]:
    """Forms of `word`'s lexemes, lower case with ё as е, one per stem, none with `word`'s own stem.

    «Артема» → ("артем",) (the stem of «Артём»); «кластеров» → () (every form stems as «кластер»);
    a word not written in Cyrillic letters only → ().
    """
    word = fold(word).lower()
    if not _CYRILLIC_WORD.match(word):
        return ()
    seen_stems, forms, lexemes = {stem(word)}, [], set()
    for parse in morph().parse(word):
        lexeme = (parse.normal_form, parse.tag.POS)
        if lexeme in lexemes:
            continue
        if len(lexemes) == MAX_LEXEMES:
            break
        lexemes.add(lexeme)
        for form in parse.lexeme:
            written = fold(form.word)
            form_stem = stem(written)
            if form_stem not in seen_stems and len(forms) < MAX_FORMS:
                seen_stems.add(form_stem)
                forms.append(written)
    return tuple(forms)
