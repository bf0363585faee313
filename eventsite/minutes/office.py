"""The minutes as Word (DOCX, python-docx) and OpenDocument (ODT, odfpy) files, for the ministries
that circulate and amend them.

Both are made from the composed record (eventsite/minutes/compose.py), the same one the page and the
PDF are drawn from, in the session's language. `outline` turns the record into a list of blocks in
the order of minutes/_document.html — headings, paragraphs, lists, the action table — and each
writer only draws blocks: headings as the format's own headings (Word's "Heading 1…3", ODF's
text:h with an outline level), so a reader's navigation pane and a table of contents find them;
the action items as a real table; a draft marked at the top and at the foot.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from flask_babel import gettext, ngettext
from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P

from eventsite.i18n import document_language
from eventsite.labels import POINT_KINDS, label
from eventsite.markdown import markdown_text
from eventsite.minutes.compose import minutes_title, named, person_name


@dataclass
class Block:
    #: heading, paragraph, list, table, draft
    kind: str
    text: str = ""
    level: int = 0
    items: list = field(default_factory=list)
    header: list = field(default_factory=list)


def _paragraphs(markdown: str) -> list[Block]:
    return [Block("paragraph", line) for line in markdown_text(markdown).splitlines()]


def outline(record: dict) -> list[Block]:
    """The minutes of `record` as blocks, in its session's language."""
    with document_language(record["session"]["language"]):
        return _outline(record)


def _status(record: dict) -> str:
    if record.get("published"):
        text = (gettext("Published on %(day)s", day=record["published"]["on"]) if record["published"].get("on")
                else gettext("Published"))
    elif record.get("approval"):
        text = gettext("Approved, not yet published")
    else:
        text = gettext("Draft")
    if record.get("revision"):
        text += " · " + gettext("revision %(number)s", number=record["revision"])
    return text


def _outline(record: dict) -> list[Block]:
    draft = not record.get("approval")
    blocks = [Block("paragraph", record["forum"]["title"]), Block("heading", minutes_title(record), level=1)]
    if draft:
        blocks.append(Block("draft", gettext("DRAFT") + " — "
                            + gettext("these minutes have not been approved and may change.")))
    s = record["session"]
    blocks.append(Block("paragraph", gettext("Date and time: %(when)s", when=record["when"]["text"])))
    if s["venue"]:
        blocks.append(Block("paragraph", gettext("Venue: %(venue)s", venue=s["venue"])))
    blocks += [Block("paragraph", gettext("Chair: %(person)s", person=named(p))) for p in record["chair"]]
    blocks += [Block("paragraph", gettext("Minutes taken by: %(person)s", person=named(p)))
               for p in record["rapporteurs"]]
    blocks.append(Block("paragraph", gettext("Status") + ": " + _status(record)))

    blocks.append(Block("heading", gettext("Attendance"), level=2))
    attendance = record["attendance"]
    for key, title in (("attended", gettext("Present")), ("excused", gettext("Excused")),
                       ("absent", gettext("Absent")), ("invited", gettext("Invited, attendance not recorded"))):
        if attendance[key]:
            blocks += [Block("heading", title, level=3), Block("list", items=[named(p) for p in attendance[key]])]
    if record["groups"]:
        blocks += [Block("heading", gettext("Also taking part"), level=3), Block("list", items=list(record["groups"]))]
    if not (any(attendance.values()) or record["groups"]):
        blocks.append(Block("paragraph", gettext("No attendance was recorded.")))

    if record["summary"]:
        blocks += [Block("heading", gettext("Summary"), level=2), *_paragraphs(record["summary"])]

    blocks.append(Block("heading", gettext("Discussion"), level=2))
    for item in record["discussion"]:
        kind = label(POINT_KINDS, item["kind"])
        blocks.append(Block("heading", f"{item['number']}. {item['title'] or kind}", level=3))
        blocks.append(Block("paragraph", kind + (f" · {person_name(item['speaker'])}" if item["speaker"] else "")))
        blocks += _paragraphs(item["body"])
        if item["kind"] == "action":
            blocks.append(Block("paragraph", gettext("Owner, due date and status: see the action items, item "
                                                     "%(number)s.", number=item["number"])))
        if item["key_dates"]:
            blocks.append(Block("paragraph", ngettext(
                "Its key date: see the key dates, item %(number)s.",
                "Its %(num)d key dates: see the key dates, item %(number)s.", len(item["key_dates"]),
                number=item["number"])))
    if not record["discussion"]:
        blocks.append(Block("paragraph", gettext("No points were recorded.")))

    blocks.append(Block("heading", gettext("Decisions"), level=2))
    if record["decisions"]:
        blocks.append(Block("list", items=[
            ": ".join(part for part in (item["title"], markdown_text(item["body"]).replace("\n", " ")) if part)
            + " (" + gettext("item %(number)s", number=item["number"]) + ")"
            for item in record["decisions"]]))
    else:
        blocks.append(Block("paragraph", gettext("No decisions were recorded.")))

    blocks.append(Block("heading", gettext("Action items"), level=2))
    if record["actions"]:
        blocks.append(Block("table", header=[gettext("Item"), gettext("What"), gettext("Owner"), gettext("Due"),
                                             gettext("Status")],
                            items=[[str(item["number"]), item["title"] or markdown_text(item["body"])[:120],
                                    item["owner"] or "—", item["due"] or "—", item["status"]]
                                   for item in record["actions"]]))
    else:
        blocks.append(Block("paragraph", gettext("No action items were recorded.")))

    dated = [item for item in record["discussion"] if item["key_dates"]]
    if dated:
        blocks.append(Block("heading", gettext("Key dates"), level=2))
        for item in dated:
            who = f" ({person_name(item['speaker'])})" if item["speaker"] else ""
            blocks.append(Block("paragraph", f"{item['title'] or label(POINT_KINDS, item['kind'])}{who} "
                                             f"({gettext('item %(number)s', number=item['number'])})"))
            blocks.append(Block("list", items=[f"{kd['what']}: {kd['phrase']}" for kd in item["key_dates"]]))

    chair = record["chair"][0]["name"] if record["chair"] else ""
    secretary = record["rapporteurs"][0]["name"] if record["rapporteurs"] else ""
    blocks.append(Block("table", header=[], items=[[gettext("Chair"), "", chair],
                                                   [gettext("Secretary"), "", secretary]]))
    if record.get("approval"):
        text = record["approval"]["text"]
        if record.get("published"):
            text += " " + (gettext("Published on %(day)s.", day=record["published"]["on"])
                           if record["published"].get("on") else gettext("Published."))
        blocks.append(Block("paragraph", text))
    else:
        blocks.append(Block("draft", gettext("DRAFT") + " — " + gettext(
            "not approved. These minutes may change before the organisers approve them.")))
    return blocks


def _title(record: dict) -> str:
    with document_language(record["session"]["language"]):
        title = minutes_title(record)
        return gettext("%(title)s (draft)", title=title) if not record.get("approval") else title


# --- Word ----------------------------------------------------------------------------------------

def minutes_docx(record: dict) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = _title(record)
    properties.author = record["forum"]["name"]
    properties.language = record["session"]["language"]
    properties.subject = record["forum"]["title"]
    for block in outline(record):
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        elif block.kind == "draft":
            run = document.add_paragraph().add_run(block.text)
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif block.kind == "list":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            rows = ([block.header] if block.header else []) + block.items
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = text
                    if block.header and r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- OpenDocument --------------------------------------------------------------------------------

def minutes_odt(record: dict) -> bytes:
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=_title(record)))
    document.meta.addElement(dc.Language(text=record["session"]["language"]))
    document.meta.addElement(meta.InitialCreator(text=record["forum"]["name"]))
    headings = {}
    for level, size in ((1, "18pt"), (2, "14pt"), (3, "12pt")):
        # the names ODF applications give their outline headings, so theirs apply where they have them
        style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                      defaultoutlinelevel=str(level))
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm", keepwithnext="always"))
        document.styles.addElement(style)
        headings[level] = style
    draft = Style(name="Draft", family="paragraph")
    draft.addElement(TextProperties(fontweight="bold", backgroundcolor="#ffff00"))
    document.styles.addElement(draft)
    strong = Style(name="TableHeading", family="paragraph")
    strong.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(strong)
    column = Style(name="Column", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="3.4cm"))
    document.automaticstyles.addElement(column)

    body = document.text
    for n, block in enumerate(outline(record)):
        if block.kind == "heading":
            body.addElement(H(outlinelevel=block.level, stylename=headings[block.level], text=block.text))
        elif block.kind == "paragraph":
            body.addElement(P(text=block.text))
        elif block.kind == "draft":
            body.addElement(P(stylename=draft, text=block.text))
        elif block.kind == "list":
            items = List()
            for text in block.items:
                entry = ListItem()
                entry.addElement(P(text=text))
                items.addElement(entry)
            body.addElement(items)
        elif block.kind == "table":
            rows = ([block.header] if block.header else []) + block.items
            table = Table(name=f"Table{n}")
            table.addElement(TableColumn(numbercolumnsrepeated=len(rows[0]), stylename=column))
            for r, row in enumerate(rows):
                line = TableRow()
                for text in row:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(stylename=strong, text=text) if block.header and r == 0 else P(text=text))
                    line.addElement(cell)
                table.addElement(line)
            body.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


#: format → (make the file, its media type)
FORMATS = {
    "docx": (minutes_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": (minutes_odt, "application/vnd.oasis.opendocument.text"),
}

