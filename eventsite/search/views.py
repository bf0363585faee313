from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from eventsite.forms import QueryForm
from eventsite.search.queries import KINDS, search as find
from eventsite.urls import page_number

bp = Blueprint("search", __name__)

#: how many of each kind the overview shows before "show all"
OVERVIEW_PER_KIND = 5


@bp.get("/search")
def search():
    search_form = QueryForm.read()
    query = search_form.text
    kind = request.args.get("kind")
    if kind in KINDS:
        # one kind, page by page
        per_page = current_app.config["PER_PAGE"]
        results = find(current_user, query, (kind,), page_number(), per_page)
    else:
        kind = None
        results = find(current_user, query, KINDS, 1, OVERVIEW_PER_KIND)
    return render_template("search/results.html", results=results, kind=kind, query_form=search_form), search_form.status
