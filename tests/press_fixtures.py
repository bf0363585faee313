"""The Technoprom-2016 round table as recorded, built from the reference press release.

It stands in for the demo bundle: `technoprom_session(make)` returns the session
whose draft must carry every fact of
/work/shared/reference/technoprom-2016-round-table-press-release.txt.
Swap it for the loaded demo once that exists.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from eventsite.models import (
    ActionStatus, DatePrecision, MonthPart, OrganisationKind, ParticipantGroup, PointKind, Role, SessionKind, db,
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
    """The first session of the packaged demo bundle, in a test whose app was made on a copy of the
    database the demo was imported into (conftest.demo_db, through `template_db` below)."""
    from eventsite.models import Forum, ForumSession

    return db.session.execute(
        db.select(ForumSession).join(ForumSession.forum).where(Forum.slug == "technoprom-2016")
        .order_by(ForumSession.id).limit(1)
    ).scalar_one()


def fill_in_letterhead(forum) -> None:
    """What the organisers do before the first release goes out: the demo's placeholder press contact
    and About text replaced by real ones (a release is refused while they are placeholders)."""
    forum.press_contact_name = "Technoprom-2016 press office"
    forum.press_contact_email = "press@technoprom.example"
    forum.press_contact_phone = "+7 383 000-00-00"
    forum.about = "\n\n".join(p for p in forum.about.split("\n\n") if "placeholder" not in p.lower())


@pytest.fixture(params=["reference", "demo"])
def record_source(request) -> str:
    """For tests run over both sources of the same round table: the reference text, or the demo."""
    return request.param


@pytest.fixture
def template_db(migrated_db, request):
    """A test over the demo gets its app on a copy of the database the demo was imported into (once per
    process, conftest.demo_db); every other test of the module, on the migrated one, as everywhere."""
    if "record_source" in request.fixturenames and request.getfixturevalue("record_source") == "demo":
        return request.getfixturevalue("demo_db")
    return migrated_db


def reference_or_demo_session(record_source: str, make):
    """The same round table from either source; a module using it imports `record_source` and `template_db`."""
    return technoprom_session(make) if record_source == "reference" else demo_session()


# -- two records other than the demo: an English one and a Russian one -----------------------------------

TOMSK = ZoneInfo("Asia/Tomsk")

HEALTH_QUOTE = "A registry is only as good as the hospitals that feed it, so we start where the data already is"


def health_session(make):
    """An English round table whose news is a registry pilot with an application deadline and a
    working group: a position that names its organisation (a department with a parent ministry), a
    proposal written as a resolution ("Create …"), an unattributed statement, a month date."""
    forum = make.forum(
        slug="digital-health-2017", name="Digital Health Siberia 2017", title="Digital Health Siberia Forum 2017",
        city="Tomsk", country="Russia", starts_on=date(2017, 4, 19), ends_on=date(2017, 4, 21),
        timezone="Asia/Tomsk", language="en",
        about="Digital Health Siberia is a yearly forum of clinicians, universities and IT companies.",
        press_contact_name="Maria Orlova, press secretary", press_contact_email="press@dhs.example",
        press_contact_phone="+7 3822 00-00-00",
    )
    session = make.session(
        forum=forum, slug="patient-registry", kind=SessionKind.round_table, title="A regional patient registry",
        starts_at=datetime(2017, 4, 20, 11, 0, tzinfo=TOMSK), ends_at=datetime(2017, 4, 20, 13, 0, tzinfo=TOMSK),
        venue="Tomsk State University, main building",
    )
    ministry = make.organisation(name="Ministry of Health", kind=OrganisationKind.government)
    department = make.organisation(name="Department of Digital Development", kind=OrganisationKind.government,
                                   parent=ministry)
    biovector = make.organisation(name="BioVector", kind=OrganisationKind.business)
    petrova = make.participation(
        session, make.person(name="Anna Petrova"), role=Role.moderator,
        position="Deputy Director of the Department of Digital Development", organisation=department)
    sokolov = make.participation(session, make.person(name="Dmitry Sokolov"), role=Role.speaker,
                                 position="Chief Executive", organisation=biovector)
    db.session.add(ParticipantGroup(session=session, position=1, name="clinicians from Tomsk hospitals"))
    db.session.add(ParticipantGroup(session=session, position=2, name="IT companies"))
    make.point(session, kind=PointKind.topic, title="Why a regional registry",
               body="The participants discussed why the region needs one registry of patients with rare "
                    "diseases.")
    make.point(session, kind=PointKind.statement, title="Hospitals lack analysts",
               body="It is necessary to train hospital staff who can read a genome report.")
    make.point(session, kind=PointKind.proposal, speaker=sokolov, title="Open data format",
               body="Create an open data format for the registry, shared by every hospital of the region.")
    make.point(session, kind=PointKind.decision, title="Working group",
               body="The participants decided to form a working group of the hospitals and the university.")
    pilot = make.point(
        session, kind=PointKind.announcement, speaker=petrova, title="Registry pilot in three hospitals",
        body="The Ministry will fund a registry pilot in three hospitals of the region.")
    make.key_date(pilot, label="Applications accepted until", date=date(2017, 8, 15), precision=DatePrecision.day)
    make.key_date(pilot, label="Pilot starts", date=date(2017, 9, 1), precision=DatePrecision.month)
    make.point(session, kind=PointKind.quote, speaker=petrova, body=HEALTH_QUOTE)
    make.point(session, kind=PointKind.action, title="Draft the format", body="Circulate a first draft.",
               owner_organisation=biovector, due_on=date(2017, 6, 1), status=ActionStatus.open)
    db.session.commit()
    return session


KRASNOVA_QUOTE = "Мы хотим, чтобы у каждой лаборатории университета был индустриальный партнёр"


def tomsk_session(make):
    """A Russian round table: Tomsk State University's vice-rector Елена Краснова announces a
    competition with key dates and is quoted; Дмитрий Соколов of a ministry's department speaks and
    proposes; a decision written as a resolution; an unattributed statement."""
    forum = make.forum(
        slug="tomsk-innovations-2017", name="Томский инновационный форум",
        title="Томский инновационный форум", city="Томск", country="Россия",
        starts_on=date(2017, 4, 19), ends_on=date(2017, 4, 21), timezone="Asia/Tomsk", language="ru",
        about="Томский инновационный форум ежегодно собирает учёных, промышленников и власти региона.",
        press_contact_name="Пресс-служба форума", press_contact_email="press@tomsk-forum.example",
        press_contact_phone="+7 3822 11-11-11",
    )
    session = make.session(
        forum=forum, slug="nauka-i-biznes", kind=SessionKind.round_table,
        title="Наука и бизнес: совместные проекты", language="ru",
        starts_at=datetime(2017, 4, 20, 11, 0, tzinfo=TOMSK), ends_at=datetime(2017, 4, 20, 13, 0, tzinfo=TOMSK),
        venue="Главный корпус ТГУ",
    )
    tsu = make.organisation(name="Томский государственный университет", kind=OrganisationKind.education)
    ministry = make.organisation(name="Министерство здравоохранения Российской Федерации",
                                 kind=OrganisationKind.government)
    department = make.organisation(name="Департамент цифрового развития", kind=OrganisationKind.government,
                                   parent=ministry)
    krasnova = make.participation(
        session, make.person(name="Yelena Krasnova", native_name="Елена Краснова"), role=Role.moderator,
        position="Проректор по научной работе", organisation=tsu)
    sokolov = make.participation(
        session, make.person(name="Dmitry Sokolov", native_name="Дмитрий Соколов"), role=Role.speaker,
        position="Заместитель директора Департамента цифрового развития", organisation=department)
    db.session.add(ParticipantGroup(session=session, position=1, name="представители индустриальных партнёров"))
    db.session.add(ParticipantGroup(session=session, position=2, name="учёные университета"))
    make.point(session, kind=PointKind.topic, title="Совместные проекты науки и бизнеса",
               body="Участники обсудили, как быстрее выводить разработки университета на рынок.")
    make.point(session, kind=PointKind.statement, title="Доступ к лабораториям",
               body="Необходимо упростить доступ компаний к лабораториям университета.")
    make.point(session, kind=PointKind.statement, speaker=sokolov, title="Пилот в больницах",
               body="Пилотный проект цифрового реестра начнётся в больницах Томской области.")
    announcement = make.point(
        session, kind=PointKind.announcement, speaker=krasnova, title="Конкурс совместных научных проектов",
        body="Университет объявит конкурс совместных проектов с индустриальными партнёрами. Победители "
             "получат гранты на исследования.")
    make.key_date(announcement, label="Старт конкурса", date=date(2017, 5, 1), precision=DatePrecision.month,
                  qualifier=MonthPart.end)
    make.key_date(announcement, label="Приём заявок до", date=date(2017, 8, 15), precision=DatePrecision.day)
    make.point(session, kind=PointKind.decision, title="Рабочая группа",
               body="Создать рабочую группу по совместным проектам университета и бизнеса.")
    make.point(session, kind=PointKind.proposal, speaker=sokolov, title="Открытый реестр проектов",
               body="Создать открытый реестр совместных проектов.")
    make.point(session, kind=PointKind.quote, speaker=krasnova, body=KRASNOVA_QUOTE)
    db.session.commit()
    return session
