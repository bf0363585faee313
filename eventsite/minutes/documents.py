"""The minutes as a PDF: HTML from the composed record, metadata, and the record attached as JSON."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from eventsite.minutes.compose import minutes_title, record_json, session_bundle
from eventsite.models import ForumSession
from eventsite.pdf.render import PdfAttachment, PdfMetadata, render_pdf


@dataclass(frozen=True)
class MinutesPdf:
    """Everything that goes into one minutes PDF; also what its cache key is made of."""

    html: str
    metadata: PdfMetadata
    attachments: tuple[PdfAttachment, ...]
    filename: str

    @property
    def key_material(self) -> dict:
        return {"html": self.html, "metadata": self.metadata, "attachments": self.attachments}

    def render(self) -> bytes:
        return render_pdf(self.html, metadata=self.metadata, attachments=self.attachments)


def minutes_pdf(session: ForumSession, record: dict, *, live: bool = False) -> MinutesPdf:
    """The PDF of `record` of `session`: the live draft (`live`), or a kept revision as it was."""
    draft = not record.get("approval")
    title = minutes_title(record)
    html = render_template("minutes/pdf.html", record=record, draft=draft, title=title,
                           lang=record["session"]["language"])
    status = record["status"]
    metadata = PdfMetadata(
        title=title + (" (draft)" if draft else ""),
        author=record["forum"]["name"],
        subject=f"Minutes of the {record['session']['kind_label']} held on {record['when']['date']} "
                f"at {record['forum']['title']}",
        keywords=tuple(dict.fromkeys(
            ["minutes", record["forum"]["name"], record["session"]["kind_label"], status]
            + [tag for item in record["discussion"] for tag in item["tags"]]
        )),
        language=record["session"]["language"],
    )
    minutes_only = {k: v for k, v in record.items() if k != "session_record"}
    bundle = record.get("session_record")
    if bundle is None and live:
        # the record is today's, so is its bundle
        bundle = session_bundle(session)
    attachments = (
        PdfAttachment("session-record.json", record_json(bundle if bundle is not None else minutes_only),
                      "The session's record (eventsite bundle format)" if bundle is not None
                      else "The minutes as data"),
        PdfAttachment("minutes.json", record_json(minutes_only), "The minutes as data (eventsite-minutes format)"),
    )
    suffix = f"-r{record['revision']}" if record.get("revision") and not draft else ("-draft" if draft else "")
    filename = f"{record['forum']['slug']}-{record['session']['slug']}-minutes{suffix}.pdf"
    return MinutesPdf(html, metadata, attachments, filename)
