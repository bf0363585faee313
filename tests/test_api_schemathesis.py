"""Schemathesis against the live OpenAPI document: every operation, with generated parameters and
bodies, as an organiser with a read-write token (so the writes run too) on a forum with sessions
of every visibility. No answer may be a server error, and every answer must match the document:
its status, its content type, its headers and its body.

Bounded so the suite stays fast: a few examples per operation, no shrinking, no database of examples.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance,
)

from eventsite.accounts.tokens import create_api_token
from eventsite.agenda.plan import ItemValues, add_item
from eventsite.models import TokenScope, db
from matrix import build_world

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture
def api_schema(app, make, users, round_table):
    """The live document of an app holding the matrix forum and the round table, and an organiser's
    read-write token."""
    world = build_world(make, users)
    _row, secret = create_api_token(world.accounts["organiser"], "schemathesis", TokenScope.read_write)
    item = add_item(round_table, ItemValues("Opening", presenter=round_table.participations[0], planned_minutes=10))
    db.session.commit()
    # half the cases name records that exist, so the answers are more than 404s
    real = {"forum_slug": "technoprom-2016", "session_slug": "cluster-round-table",
            "participant_id": round_table.participations[0].id, "point_id": round_table.points[1].id,
            "group_id": round_table.groups[0].id, "item_id": item.id,
            "person_id": round_table.participations[0].person_id, "number": 1}
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), {"Authorization": "Bearer " + secret}, real


def test_every_answer_matches_the_document_and_none_is_a_server_error(api_schema):
    schema, headers, real = api_schema
    failures, seen = {}, []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(), existing=st.booleans())
        @settings(max_examples=10, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def call(case, existing):
            if existing and case.path_parameters:
                case.path_parameters = {name: real.get(name, value) for name, value in case.path_parameters.items()}
            try:
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                seen.append((operation.label, response.status_code))
            finally:
                db.session.rollback()

        try:
            call()
        except Exception as exc:  # every operation runs; the failures are reported together
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
    # the cases reached the records, not only 404s: reads answered and a write made something
    assert any(code == 201 for _, code in seen)
    assert ("GET /api/v1/forums/{forum_slug}/sessions/{session_slug}", 200) in seen
    # every delete was tried (a guessed If-Match is 412, "*" or none 428: the records stay for the other cases)
    deletes = {label for label in (op.ok().label for op in schema.get_all_operations()) if label.startswith("DELETE")}
    assert len(deletes) == 5 and deletes <= {label for label, _ in seen}
