"""The coverage panel tells the press office what its text dropped from the record and what it made up."""
from __future__ import annotations

import time

import pytest

from eventsite.models import db
from eventsite.press import workflow
from eventsite.press.coverage import coverage, find_dates
from eventsite.press.drafting import draft_press_release
from press_fixtures import technoprom_session


@pytest.fixture
def session(make):
    return technoprom_session(make)


@pytest.fixture
def text(session) -> str:
    return draft_press_release(session).body


def test_the_draft_covers_every_point_and_key_date(session, text):
    result = coverage(session, text)
    assert result.complete and {p.status for p in result.points} == {"mentioned", "verbatim"}


def test_a_dropped_point_is_listed_with_its_kind_and_title(session, text):
    shorter = text.replace("Bioinformatics was mentioned as a vector of cooperation development and cluster integration.", "")
    dropped = coverage(session, shorter).dropped_points
    assert [(p.kind, p.title) for p in dropped] == [("statement", "Bioinformatics")]
    assert dropped[0].sentence.startswith("Bioinformatics was mentioned")


def test_a_dropped_key_date_is_listed(session, text):
    result = coverage(session, text.replace("Programmes will be accepted until 26 September 2016.", ""))
    assert [d.label for d in result.dropped_key_dates] == ["Programmes accepted until"]


@pytest.mark.parametrize("written", ["26 September 2016", "26.09.2016", "2016-09-26", "September 26", "26th of September"])
def test_a_key_date_counts_in_any_written_form(session, text, written):
    changed = text.replace("26 September 2016", written)
    assert not coverage(session, changed).dropped_key_dates


@pytest.mark.parametrize("written", ["the end of July", "in July 2016", "2016-07"])
def test_a_month_key_date_counts_as_a_month(session, text, written):
    changed = text.replace("at the end of July 2016", written)
    assert not coverage(session, changed).dropped_key_dates


def test_an_unknown_name_is_flagged_with_the_closest_recorded_name(session, text):
    warnings = coverage(session, text.replace("Artyom Shadrin,", "Artyom Shadrn,")).warnings
    assert [(w.kind, w.found, w.suggestion) for w in warnings] == [("name", "Artyom Shadrn", "Artyom Shadrin")]


def test_an_unknown_date_is_flagged(session, text):
    warnings = coverage(session, text.replace("26 September 2016", "26 September 2017")).warnings
    assert [(w.kind, w.found, w.suggestion) for w in warnings] == [("date", "26 September 2017", "26 September 2016")]


def test_names_and_dates_of_the_record_raise_no_warning(session, text):
    extra = "\n\nMinistry of Economic Development of Russia. Novosibirsk, 9 June 2016. IV International Forum."
    assert coverage(session, text + extra).warnings == []


def test_a_changed_quote_is_reported_as_altered(session, text):
    quote = next(p for p in coverage(session, text.replace("That's new", "That is new")).points if p.kind == "quote")
    assert quote.status == "altered"


def test_dates_are_found_in_russian_too():
    assert [m.on.isoformat() for m in find_dates("до 26 сентября 2016 года, в июле 2016", 2016)] == ["2016-09-26", "2016-07-01"]


def test_the_editor_panel_shows_what_is_dropped_and_unknown(client, auth, session, users):
    release = workflow.create_press_release(session, users["press"])
    release.body = release.body.replace("Bioinformatics was mentioned", "Bioinformatics was not").replace(
        "Bioinformatics", "Data science").replace("Artyom Shadrin,", "Artyom Shadrn,").replace(
        "26 September 2016", "27 September 2016")
    release.subheadline = ""
    db.session.commit()
    auth.login_as("press")
    page = client.get(f"/press-releases/{release.id}/edit").get_data(as_text=True)
    panel = page[page.index('id="coverage-panel"'):page.index('class="press-preview"')]
    assert "Bioinformatics" in panel and "dropped" in panel
    assert "“Artyom Shadrn” is not a name in the record. Did you mean Artyom Shadrin?" in panel
    assert "“27 September 2016” is a date that appears nowhere in the record." in panel
    assert "Insert “Programmes will be accepted until 26 September 2016.”" in panel


def test_the_live_preview_returns_the_panel_for_the_typed_text(client, auth, session, users):
    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    auth.login_as("press")
    result = client.post(f"/press-releases/{release.id}/preview",
                         data={"headline": "H", "body": "Only Vladimir Petrov spoke."}).get_json()
    assert "Only Vladimir Petrov spoke." in result["preview"]
    assert "“Vladimir Petrov” looks like a person&#39;s name but appears nowhere in the record." in result["coverage"]


def test_the_live_preview_needs_the_forms_csrf_token(csrf_app, client, session, users):
    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    # the editor's script posts the whole form, token included; a post without it is refused
    page_token_free = client.post(f"/press-releases/{release.id}/preview", data={"body": "x"})
    assert page_token_free.status_code == 400
    assert "form had expired or did not come from this site" in page_token_free.get_data(as_text=True)


@pytest.mark.parametrize("phrase", ["The Skolkovo Foundation joined.", "Akademgorodok Technopark hosted it.",
                                    "On Monday the Moscow State University replied.", "In Novosibirsk Region."])
def test_organisations_and_places_are_not_taken_for_people(session, phrase):
    assert coverage(session, phrase).warnings == []


def test_dates_in_a_megabyte_of_text_are_found_in_time_proportional_to_its_length(text):
    # the coverage panel took 149 s for a 1 MB body: each date found was checked against all found before.
    # CPU time of this thread (the test client answers in it too, below): a busy machine slows, never fails
    body = ((text + "\n\n") * (1_000_000 // len(text) + 1))[:1_000_000]
    started = time.thread_time()
    found = find_dates(body, 2016)
    assert time.thread_time() - started < 3
    assert len(found) > 1000 and found[0].written == find_dates(text, 2016)[0].written


def test_dates_are_listed_in_the_order_they_are_written():
    found = find_dates("In July 2016 it opens; on 26 September 2016 it closes; July 2016 again.", 2016)
    assert [m.written for m in found] == ["July 2016", "26 September 2016", "July 2016"]


def test_a_preview_of_more_text_than_a_release_may_hold_is_refused_at_once(client, auth, session, users):
    import time

    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    auth.login_as("press")
    started = time.thread_time()
    response = client.post(f"/press-releases/{release.id}/preview", data={"headline": "H", "body": "word " * 400_000})
    assert response.status_code == 400
    assert "longer than a press release may be" in response.get_json()["error"]
    # bounded by the text limit, not by the coverage panel's work on 2 MB
    assert time.thread_time() - started < 3


def test_an_edit_with_more_text_than_a_release_may_hold_is_refused_in_bounded_time(client, auth, session, users):
    import time

    release = workflow.create_press_release(session, users["press"])
    db.session.commit()
    auth.login_as("press")
    started = time.thread_time()
    response = client.post(f"/press-releases/{release.id}/edit", data={
        "headline": "H", "body": "word " * 400_000, "language": "en", "version": release.version})
    assert response.status_code == 422
    assert time.thread_time() - started < 5
    db.session.refresh(release)
    assert len(release.body) < 400_000
