"""A page of a list whose count stops at a cap: "more than 1,000", and pages up to there.

Counting every row of a long list reads every row, however few a page shows: an organiser's overdue
actions in a forum of 10,000 sessions are 20,000, and counting them took longer than the rest of the
page. Past COUNT_CAP the number says no more than that ("more than 1,000" tells as much as 20,000), so
a page costs what it shows, plus at most COUNT_CAP rows read in the list's own order. Search counts its
matches the same way (eventsite/search/queries.py). The page has what the pager macro reads of a
Flask-SQLAlchemy pagination, and `count_label`.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_number, gettext

from eventsite.models import db

#: rows counted of a list; past it the count says "more than"
COUNT_CAP = 1000


def count_label(total: int, cap: int | None = None) -> str:
    """The count as shown: the number, or "more than 1,000" past the cap (COUNT_CAP unless given)."""
    cap = COUNT_CAP if cap is None else cap
    if total > cap:
        return gettext("more than %(count)s", count=format_number(cap))
    return format_number(total)


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    #: rows counted, at most COUNT_CAP + 1
    counted: int

    @property
    def capped(self) -> bool:
        return self.counted > COUNT_CAP

    @property
    def total(self) -> int:
        return min(self.counted, COUNT_CAP)

    @property
    def count_label(self) -> str:
        return count_label(self.counted)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def capped_page(query: sa.Select, page: int, per_page: int) -> Page:
    """Page `page` of the ORM query's rows, in its order, and their count up to the cap. A page past the
    last counted one is empty."""
    counted = db.session.execute(
        sa.select(sa.func.count()).select_from(
            query.with_only_columns(sa.literal(1), maintain_column_froms=True).order_by(None)
            .limit(COUNT_CAP + 1).subquery())).scalar_one()
    items = []
    if (page - 1) * per_page < min(counted, COUNT_CAP):
        items = list(db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).unique().scalars())
    return Page(items=items, page=page, per_page=per_page, counted=counted)
