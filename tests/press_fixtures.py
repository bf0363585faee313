"""The Technoprom-2016 round table as recorded, built from the reference press release.

It stands in for the demo bundle: `technoprom_session(make)` returns the session
whose draft must carry every fact of
/work/shared/reference/technoprom-2016-round-table-press-release.txt.
Swap it for the loaded demo once that exists.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from eventsite.models import (
    DatePrecision, MonthPart, OrganisationKind, ParticipantGroup, PointKind, Role, SessionKind, db,
)

NSK = ZoneInfo("Asia/Novosibirsk")

QUOTE = (
    "We want to raise the bar of an immensity of projects: we should not reproduce the actual model but to "
    "create the new one. That's new niche markets, new products and services to export, and a new "
    "understanding of the clusters' role in the economy"
)


def technoprom_session(make):
    forum = make.forum(
        slug="technoprom-2016", name="Technoprom-2016",
        title="IV International Forum of Technological Development Technoprom-2016",
        city="Novosibirsk", country="Russia", starts_on=date(2016, 6, 9), ends_on=date(2016, 6, 10),
        timezone="Asia/Novosibirsk", language="en",
        about="Technoprom is the international forum of technological development held in Novosibirsk "
              "every year since 2013.",
        press_contact_name="Forum Press Office", press_contact_email="press@technoprom.example",
        press_contact_phone="+7 383 000-00-00",
    )
    session = make.session(
        forum=forum, slug="it-bio-cluster-round-table", kind=SessionKind.round_table,
        title="Innovation Cluster of Informational and Biopharmaceutical Technologies of Novosibirsk region: "
              "vectors of development",
        starts_at=datetime(2016, 6, 10, 14, 0, tzinfo=NSK), ends_at=datetime(2016, 6, 10, 16, 0, tzinfo=NSK),
        venue="Novosibirsk Expocentre",
    )
    ministry = make.organisation(name="Ministry of Economic Development of Russia", short_name="MinEc",
                                 kind=OrganisationKind.government)
    shadrin = make.person(name="Artyom Shadrin", native_name="Артём Шадрин")
    moderator = make.participation(
        session, shadrin, role=Role.moderator,
        position="Director of the Department of Social Development and Innovation", organisation=ministry,
    )
    for n, name in enumerate([
        "representatives of the IT and BIO branches of the Cluster",
        "state offices",
        "business interested in cooperation within the Cluster structure",
    ], start=1):
        db.session.add(ParticipantGroup(session=session, position=n, name=name))

    make.point(session, kind=PointKind.topic, title="Key vectors of Cluster development",
               body="The participants underlined the key vectors of further Cluster development, including "
                    "stronger cooperation between its two branches, IT and biopharmaceutical technologies. "
                    "Common projects of IT specialists and biotechnologists were considered a focal area of "
                    "the cluster policy.")
    make.point(session, kind=PointKind.statement, title="Experience of IT-Bio projects",
               body="Cluster members presented their experience of packing and realising cooperation IT-Bio "
                    "projects and the perspectives of integrating the two branches.")
    make.point(session, kind=PointKind.statement, title="IT in medicine",
               body="IT research results need to be applied in medicine, since telemedicine, personalized "
                    "medicine, smart medicine and diagnostics require new complex up-to-date approaches.")
    make.point(session, kind=PointKind.statement, title="Bioinformatics",
               body="Bioinformatics was mentioned as a vector of cooperation development and cluster "
                    "integration.")
    announcement = make.point(
        session, kind=PointKind.announcement, speaker=moderator,
        title="Programme supporting transition of innovation clusters to the 2.0 model",
        body="The Ministry of Economic Development will announce a competition for clusters allowing them to "
             "implement the standards of effective management. The winners will gain the Ministry's support "
             "and financing capabilities from other sources.",
    )
    make.key_date(announcement, label="Competition announced", date=date(2016, 7, 1),
                  precision=DatePrecision.month, qualifier=MonthPart.end)
    make.key_date(announcement, label="Programmes accepted until", date=date(2016, 9, 26),
                  precision=DatePrecision.day)
    make.point(session, kind=PointKind.quote, speaker=moderator, title="", body=QUOTE)
    db.session.commit()
    return session


def demo_session():
    """The session of the packaged demo bundle, once the bundles area ships it; else skip the test."""
    import pytest

    try:
        from eventsite.bundles.demo import demo_bundle
        from eventsite.bundles.importer import import_bundle
    except ImportError:
        pytest.skip("the demo bundle is not on this branch yet")
    from eventsite.models import Forum, ForumSession

    import_bundle(demo_bundle())
    db.session.commit()
    return db.session.execute(
        db.select(ForumSession).join(ForumSession.forum).where(Forum.slug == "technoprom-2016")
        .order_by(ForumSession.id).limit(1)
    ).scalar_one()


def reference_or_demo_session(request, make):
    """For tests parametrised over ["reference", "demo"]: the same round table from either source."""
    return technoprom_session(make) if request.param == "reference" else demo_session()
