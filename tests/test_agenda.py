"""The agenda: planned before the session, shown with it, printed, followed by capture and by the minutes."""
from __future__ import annotations

import io
import json
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from bundle_fixtures import fresh_installation
from eventsite.bundles import export_bundle, import_bundle, read_bundle
from eventsite.bundles.commands import dump_bundle
from eventsite.minutes import workflow
from eventsite.models import AgendaItem, AuditEntry, DiscussionPoint, Role, Visibility, db

SESSION = "/forums/technoprom-2016/cluster-round-table/"
PLAN = SESSION + "agenda/plan"
POINTS = SESSION + "points"


@pytest.fixture
def organiser(client, auth, round_table):
    auth.login_as("organiser")
    return client


def _plan(client, *titles, **extra) -> list[AgendaItem]:
    for title in titles:
        response = client.post(PLAN, data={"title": title, "presenter_id": 0, **extra})
        assert response.status_code == 302
    return list(db.session.execute(db.select(AgendaItem).order_by(AgendaItem.position)).scalars())


def _capture(client, body: str, agenda_item: int, **extra) -> None:
    response = client.post(POINTS, data={"kind": "statement", "speaker_id": 0, "body": body,
                                         "agenda_item_id": agenda_item, **extra})
    assert response.status_code == 302, response.text


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_organiser_plans_reorders_edits_and_deletes_agenda_items(organiser, round_table):
    shadrin = next(p for p in round_table.participations if p.role is Role.moderator)
    organiser.post(PLAN, data={"title": "Opening", "presenter_id": shadrin.id, "planned_minutes": "10"})
    items = _plan(organiser, "Clusters 2.0", "Questions", presenter_name="the Cluster's working group")
    assert [(i.title, i.presenter_text, i.planned_minutes) for i in items] == [
        ("Opening", "Artyom Shadrin", 10), ("Clusters 2.0", "the Cluster's working group", None),
        ("Questions", "the Cluster's working group", None)]
    organiser.post(f"{SESSION}agenda/{items[2].id}/move", data={"direction": "up"})
    edit = f"{SESSION}agenda/{items[1].id}/edit"
    page = organiser.get(edit).text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = organiser.post(edit, data={"title": "Clusters 2.0 competition", "presenter_id": 0,
                                          "presenter_name": "", "planned_minutes": "20", "version": version})
    assert response.status_code == 302
    organiser.post(f"{SESSION}agenda/{items[0].id}/delete")
    db.session.expire_all()
    assert [(i.title, i.planned_minutes) for i in round_table.agenda_items] == [
        ("Questions", None), ("Clusters 2.0 competition", 20)]
    assert db.session.execute(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.entity == "agenda_item", AuditEntry.action == "delete")).scalar_one() == 1


def test_a_presenter_is_a_participant_or_a_name_not_both(organiser, round_table):
    shadrin = next(p for p in round_table.participations if p.role is Role.moderator)
    response = organiser.post(PLAN, data={"title": "Opening", "presenter_id": shadrin.id,
                                          "presenter_name": "Somebody else", "planned_minutes": "0"})
    assert response.status_code == 422
    assert "Plan between 1 and 1,440 minutes, or leave it empty." in response.text
    response = organiser.post(PLAN, data={"title": "Opening", "presenter_id": shadrin.id,
                                          "presenter_name": "Somebody else"})
    assert response.status_code == 422
    assert "Either choose a participant or type a name, not both." in response.text
    assert round_table.agenda_items == []


def test_agenda_capture_and_minutes_follow_the_agendas_order_with_not_discussed(organiser, round_table):
    opening, clusters, questions = _plan(organiser, "Opening", "Clusters 2.0", "Questions")
    # before any point, the first item is the current one
    assert f'<option selected value="{opening.id}">1. Opening</option>' in organiser.get(POINTS).text
    _capture(organiser, "The second item first.", clusters.id)
    # the next point keeps the item the organiser was using
    page = organiser.get(organiser.post(POINTS, data={
        "kind": "statement", "speaker_id": 0, "body": "Still on clusters.", "agenda_item_id": clusters.id,
    }).headers["Location"]).text
    assert f'<option selected value="{clusters.id}">2. Clusters 2.0</option>' in page
    # and on a later visit the item of the latest point is preselected
    assert f'<option selected value="{clusters.id}">' in organiser.get(POINTS).text
    _capture(organiser, "Back to the opening.", opening.id)
    _capture(organiser, "Said under no item.", 0)

    record = workflow.current_record(round_table, workflow.minutes_of(round_table))
    bodies = [item["body"] for item in record["discussion"]]
    assert bodies.index("Back to the opening.") < bodies.index("The second item first.") \
        < bodies.index("Still on clusters.") < bodies.index("Said under no item.")
    assert [e["discussed"] for e in record["agenda"]] == [True, True, False]

    text = _text(organiser.get(SESSION + "minutes").text)
    order = [text.index(s) for s in ("Agenda item 1: Opening", "Back to the opening.", "Agenda item 2: Clusters 2.0",
                                     "The second item first.", "Still on clusters.", "Agenda item 3: Questions",
                                     "Not discussed.", "Other points", "Said under no item.")]
    assert order == sorted(order)
    # the points recorded before the agenda (the fixture's) are under no item, after the agenda's
    assert text.index("Other points") < text.index("Key vectors of development")


def test_the_minutes_text_names_each_items_presenter(organiser, round_table):
    from eventsite.minutes.compose import minutes_text

    moderator = round_table.participations[0]
    _plan(organiser, "Opening", presenter_id=moderator.id, planned_minutes=10)
    _plan(organiser, "Questions", presenter_name="Guests from Tomsk")
    record = workflow.current_record(round_table, workflow.minutes_of(round_table))
    lines = minutes_text(record)
    assert any(line.startswith("Agenda item 1: Opening — ") and moderator.person.name in line and "(10 min)" in line
               for line in lines), lines
    assert "Agenda item 2: Questions — Guests from Tomsk — not discussed" in lines


def test_in_a_russian_session_an_item_without_points_is_not_discussed_in_russian(organiser, round_table):
    round_table.language = "ru"
    db.session.commit()
    _plan(organiser, "Открытие")
    text = _text(organiser.get(SESSION + "minutes").text)
    assert "Вопрос повестки 1: Открытие" in text and "Не обсуждался." in text


def test_the_agenda_order_is_part_of_what_a_revision_holds(organiser, round_table):
    first, second = _plan(organiser, "First", "Second")
    _capture(organiser, "Under the first.", first.id)
    _capture(organiser, "Under the second.", second.id)
    minutes = workflow.ensure_minutes(round_table)
    revision = workflow.save_summary(minutes, "Kept.", None)
    db.session.commit()
    kept = revision.number
    organiser.post(f"{SESSION}agenda/{second.id}/move", data={"direction": "up"})
    db.session.expire_all()
    live = workflow.compose_minutes(round_table, minutes)
    assert [e["title"] for e in live["agenda"]] == ["Second", "First"]
    old = workflow.revision_record(workflow.get_revision(minutes, kept))
    assert [e["title"] for e in old["agenda"]] == ["First", "Second"]
    assert not workflow.same_content(old, live)
    # restoring the revision gives back its order, exactly
    restored = workflow.restore_revision(minutes, kept, None)
    db.session.commit()
    assert [e["title"] for e in workflow.revision_record(restored)["agenda"]] == ["First", "Second"]
    assert workflow.same_content(workflow.revision_record(restored), old)


def test_the_session_page_shows_the_agenda_to_whoever_may_see_the_session(client, organiser, round_table, auth):
    _plan(organiser, "Opening", "Clusters 2.0")
    auth.logout()
    text = _text(client.get(SESSION).text)
    assert "Agenda" in text and text.index("Opening") < text.index("Clusters 2.0")
    assert client.get(SESSION + "agenda").status_code == 200
    round_table.visibility = Visibility.internal
    db.session.commit()
    assert client.get(SESSION).status_code == 404
    assert client.get(SESSION + "agenda").status_code == 404
    assert client.get(SESSION + "agenda.pdf").status_code == 404


def test_the_agenda_pdf_is_in_the_sessions_language_and_tagged(client, organiser, round_table):
    round_table.language = "ru"
    db.session.commit()
    organiser.post(PLAN, data={"title": "Конкурс «Кластеры 2.0»", "presenter_id": 0,
                               "presenter_name": "Артём Шадрин", "planned_minutes": "20"})
    response = client.get(SESSION + "agenda.pdf", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Повестка" in text and "Конкурс «Кластеры 2.0»" in text and "Артём Шадрин" in text and "20 мин" in text
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True and "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Повестка")


def _agenda_bundle() -> dict:
    from test_bundles import rich_bundle

    bundle = rich_bundle()
    session = bundle["sessions"][1]
    session["agenda"] = [
        {"title": "Why share data", "presenter": "boris-sidorov", "presenter_name": "", "planned_minutes": 15,
         "notes": "Start with *reuse*."},
        {"title": "Questions", "presenter": None, "presenter_name": "the librarians", "planned_minutes": None,
         "notes": ""},
    ]
    session["points"][0]["agenda_item"] = 1
    session["points"][4]["note"] = "Waiting for the faculty's comments."
    session["points"][4]["agenda_item"] = 1
    bundle["organisations"][0]["contact"] = "orlova"
    return bundle


def test_a_bundle_carries_the_agenda_losslessly(app, tmp_path, migrated_db):
    bundle = _agenda_bundle()
    result = import_bundle(json.loads(json.dumps(bundle)))
    assert export_bundle(result.forum) == bundle
    exported = dump_bundle(export_bundle(result.forum))
    point = db.session.execute(db.select(DiscussionPoint).filter_by(title="Draft the charter")).scalar_one()
    assert point.agenda_item.title == "Why share data" and point.progress_note.startswith("Waiting")
    with fresh_installation(tmp_path, migrated_db):
        again = dump_bundle(export_bundle(import_bundle(read_bundle(exported.encode())).forum))
    assert again == exported
    # importing it again changes nothing
    before = db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one()
    import_bundle(json.loads(exported))
    assert db.session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar_one() == before


def test_a_bundle_pointing_at_an_item_the_agenda_lacks_is_refused(app):
    from eventsite.bundles import BundleError

    bundle = _agenda_bundle()
    bundle["sessions"][1]["points"][1]["agenda_item"] = 3
    bundle["sessions"][1]["agenda"][1]["presenter"] = "orlova"
    with pytest.raises(BundleError) as caught:
        import_bundle(bundle)
    message = str(caught.value)
    assert "sessions[1].agenda[1].presenter: 'orlova' is not among this session's participants" in message
    assert "sessions[1].points[1].agenda_item: the session's agenda has no item 3 (it has 2)" in message
