"""eventsite.diff: the side-by-side comparison of two revisions, right on small texts and bounded on long ones."""
from __future__ import annotations

import random

from eventsite.diff import compare_lines


def test_a_changed_word_is_struck_on_the_left_and_underlined_on_the_right():
    [row] = compare_lines(["The competition opens in June."], ["The competition opens in July."])
    assert (row.op, row.left_html, row.right_html) == (
        "replace", "The competition opens in <del>June.</del>", "The competition opens in <ins>July.</ins>")


def test_inserted_and_deleted_lines_stand_alone_and_markup_is_escaped():
    rows = compare_lines(["a", "<b>", "c"], ["a", "c", "d"])
    assert [(r.op, r.left_html, r.right_html) for r in rows] == [
        ("equal", "a", "a"), ("delete", "<del>&lt;b&gt;</del>", ""), ("equal", "c", "c"), ("insert", "", "<ins>d</ins>")]


def test_the_two_columns_read_as_the_two_texts():
    rng = random.Random(14)
    for _ in range(300):
        old = [rng.choice("abcd") * rng.randint(1, 2) for _ in range(rng.randint(0, 10))]
        new = [rng.choice("abcd") * rng.randint(1, 2) for _ in range(rng.randint(0, 10))]
        rows = compare_lines(old, new)
        assert [r.left for r in rows if r.left] == old and [r.right for r in rows if r.right] == new


def test_texts_too_different_for_the_budget_are_shown_replaced_whole():
    old, new = [f"line {n}" for n in range(2_000)], [f"other {n}" for n in range(2_000)]
    rows = compare_lines(old, new, budget=1_000)
    assert len(rows) == 2_000 and all(r.op == "replace" for r in rows)
    assert [r.left for r in rows] == old and [r.right for r in rows] == new
