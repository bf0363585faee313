"""One number that changes with every committed write: what a cached page is checked against.

A page kept for anonymous readers (eventsite/reading/page_cache.py) is served again only while this
number is what it was when the page was made. Every transaction of the application's database session
that wrote anything adds one to it before it commits (`eventsite.reading.page_cache`), inside that same
transaction: a page made after the commit sees the new number, a rolled-back write changes nothing.
"""
from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from eventsite.models.base import db


class ContentVersion(db.Model):
    __tablename__ = "content_version"

    #: the one row is 1
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(default=0)
