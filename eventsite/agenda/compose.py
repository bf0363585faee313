"""The agenda as plain, JSON-ready data: what the minutes record keeps of it, and what its page and PDF show."""
from __future__ import annotations

from eventsite.agenda.plan import items
from eventsite.models import ForumSession


def presenter_of(item) -> dict | None:
    """The presenter as the documents name them: a participant with their affiliation at the session, or
    the free text."""
    from eventsite.minutes.compose import script_lang  # a real cycle: the minutes compose the agenda too

    if item.presenter is not None:
        p = item.presenter
        return {"name": p.person.name, "native_name": p.person.native_name or "",
                "native_lang": script_lang(p.person.native_name or ""), "affiliation": p.affiliation}
    if item.presenter_name:
        return {"name": item.presenter_name, "native_name": "", "native_lang": None, "affiliation": ""}
    return None


def agenda_entries(session: ForumSession, discussion: list[dict] | None = None) -> list[dict]:
    """The items in order, each with the numbers of the points made under it (from the composed
    discussion, whose items carry "agenda_item"), and whether it was discussed at all."""
    entries = []
    for number, item in enumerate(items(session), start=1):
        points = [d["number"] for d in discussion or [] if d.get("agenda_item") == number]
        entries.append({
            "number": number,
            "title": item.title,
            "presenter": presenter_of(item),
            "planned_minutes": item.planned_minutes,
            "notes": item.notes or "",
            "points": points,
            "discussed": bool(points),
        })
    return entries
