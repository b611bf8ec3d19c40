"""The five seed organisations and their steering documents, as plain data.

`verksam demo` (verksam.demo.services.demo_load) loads what is described here.
Each steering document is restated with its own structure: the level names,
headings and short titles are the document's own Swedish words; longer prose is
summarised in our own words, never pasted. Names, users, dates and case numbers
the documents do not give are invented for the demo and marked so in a comment
("demo"). The seed texts are in the project's shared background material; each
section below names the one it restates.

How the documents map onto plans, levels and items
---------------------------------------------------

Seed 000, Stockholms universitetsbibliotek, verksamhetsplan 2020
    One operational plan with the levels Övergripande mål → Fokusområde → Mål.
    The two overarching goals 2017–2020 are the top level. The plan says the
    focus areas chosen for 2020 reflect the open-science goal, so the three
    focus areas (Organisation; Öppen vetenskaplig kommunikation – i hela
    organisationen; Digitalt och analogt arkiv – en process) sit under that
    goal. The leadership group's parallel work track on the use of resources
    exists "to keep delivering good services to our users", so it sits at the
    focus-area level under the service goal, described as a work track. The
    goals below the focus areas restate what the plan says is to happen in 2020
    (the e-archive among them). Inledning, uppdrag, vision, syfte and
    planeringsarbetet (the plan–do–evaluate–improve method) are text sections.

Seed 001, Region Stockholm and Regionbibliotek Stockholm
    The regional library plan 2020–2023 is a plan of the region with one level,
    Huvudspår, and its three main tracks as items. The collaboration
    organisation Bibliotekssamverkan i Stockholmsregionen (2022) is a
    cross-group under the regional library. Its target picture (målbild) is a
    group plan with the single level Målbild and its three points as items,
    derived from the regional plan; the points contribute to the main tracks
    they serve (media and digital services to formal collaboration, digital
    competence to competence development).

Seed 002, Stockholms stadsbibliotek, strategiska perspektiv 2008
    The operational plan 2008 with the levels Perspektiv → Åtagande. The eight
    perspectives are the top level in the order of the title slide. The
    commitments (åtaganden ur VP 2008) sit under the perspective whose box they
    stand in on the slides and carry the tag "externt perspektiv" or "internt
    perspektiv" after the slide that lists them; those mentioning a priority
    group of the Library Act carry its tag too. The slide text reaches us
    flattened, so which box a commitment stood in had to be reconstructed from
    the order of the text. Where that order leaves it open, the placement is
    our reading: environmental scanning and services for businesses under
    Relationer och image, the library structure and the premises under
    Mötesplatser, IT och medier. Framtid and Uppdrag list no
    commitments and stay empty. The planning model (Steg 1–3, ständiga
    förbättringar) is four text sections.

Seed 003, Uppsala stadsbibliotek
    Purchaser and provider: the municipality's library plan (one level, Mål,
    with the seven goals the slides list as shared by the library plan and the
    assignment plan) and Kulturnämnden's assignment plan "Uppdrag 2011"
    (Mål → Uppdrag), derived from the library plan. Its goals contribute to the
    library plan's goals, and the library is responsible for every goal and
    assignment. The assignments themselves are demo examples: the slides do not
    list them. The steering model, the vision and "Gemensam grund för arbetet"
    are text sections of the assignment plan. A cross-group led by a
    coordinator has a small group plan, kept as a draft.

Seed 004, Region Kalmar län and Biblioteksutveckling
    The chain RUS → regional library plan → annual operational plan. The RUS is
    a generic demo summary (its real strategic areas are not in the seed). The
    regional library plan has one level, Fokusområde, with the four focus areas
    in the seed's order, each contributing to RUS areas. The operational plan
    2025 (Fokusområde → Aktivitet) repeats the focus areas to group its
    activities; the links go from each activity to the regional plan's focus
    areas, because an activity such as a shared database serves more than one
    focus area. Kalmar kommun's draft library plan (demo) contributes to the
    same focus areas, to show the municipal end of the chain.
"""

from dataclasses import dataclass
from datetime import date

from verksam.organisations.choices import OrganisationKind, Role
from verksam.plans.choices import PlanKind, PriorityGroup, SectionKind

#: The password of every demo account, the superuser "admin" included. It is
#: published in the documentation, so the accounts must never reach production.
DEMO_PASSWORD = "demo-verksam"

#: The superuser the demo creates besides the organisation members.
SUPERUSER_USERNAME = "admin"

#: Tags for the two perspectives of Stockholms stadsbibliotek's planning model.
EXTERNAL_PERSPECTIVE = "externt perspektiv"
INTERNAL_PERSPECTIVE = "internt perspektiv"

#: Note on every demo decision: the seed documents give no dates or case numbers.
DEMO_DECISION_NOTE = "Demodata: beslutsdatum och diarienummer är påhittade."


@dataclass(frozen=True)
class OrganisationSeed:
    """An organisation; `parent` and `leader` are keys of other seeds (a username for leader)."""

    key: str
    name: str
    kind: str
    parent: str | None = None
    short_name: str = ""
    municipality_code: str = ""
    county_code: str = ""
    description: str = ""
    leader: str | None = None
    leader_title: str = ""


@dataclass(frozen=True)
class UserSeed:
    """A demo account holding `role` in the organisation with the key `organisation`."""

    username: str
    first_name: str
    last_name: str
    organisation: str
    role: str

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


@dataclass(frozen=True)
class SectionSeed:
    """A titled text section of a plan."""

    kind: str
    title: str
    body: str


@dataclass(frozen=True)
class ItemSeed:
    """An item and the items below it.

    `key` names the item for `contributes_to` links from items of other plans;
    `responsible` is an organisation key, `responsible_people` are usernames,
    `tags` are tag names and `priority_groups` Library Act priority groups.
    """

    title: str
    description: str = ""
    key: str = ""
    responsible: str = ""
    responsible_people: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    priority_groups: tuple[str, ...] = ()
    contributes_to: tuple[str, ...] = ()
    children: tuple["ItemSeed", ...] = ()


@dataclass(frozen=True)
class DecisionSeed:
    """The decision that adopts a plan."""

    body: str
    decided_on: date
    case_number: str
    note: str = DEMO_DECISION_NOTE


@dataclass(frozen=True)
class PlanSeed:
    """A plan. Without a decision it stays a draft; `publish` needs a decision."""

    key: str
    organisation: str
    kind: str
    title: str
    period_start: date
    period_end: date
    level_names: tuple[str, ...]
    author: str
    summary: str = ""
    sections: tuple[SectionSeed, ...] = ()
    items: tuple[ItemSeed, ...] = ()
    derived_from: tuple[str, ...] = ()
    decision: DecisionSeed | None = None
    publish: bool = False


@dataclass(frozen=True)
class Seeds:
    """Everything the demo loads, in the order it is loaded."""

    organisations: tuple[OrganisationSeed, ...]
    users: tuple[UserSeed, ...]
    plans: tuple[PlanSeed, ...]
    #: Keys of the plans carried on to the present (see CARRIED_ON).
    carried_on: tuple[str, ...] = ()


# --------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------

_STOCKHOLM_UNIVERSITY = (
    OrganisationSeed(
        key="su",
        name="Stockholms universitet",
        kind=OrganisationKind.UNIVERSITY,
        description="Universitetet vars strategi bibliotekets verksamhetsplan utgår från.",
    ),
    OrganisationSeed(
        key="sub",
        name="Stockholms universitetsbibliotek",
        short_name="SUB",
        kind=OrganisationKind.LIBRARY_ORGANISATION,
        parent="su",
        description=(
            "Universitetets bibliotek, med två tjänstelinjer: informationsförsörjning och "
            "publiceringsstöd. Verksamheten bedrivs i arbetsgrupper i två sektioner; sedan "
            "2019 ingår universitetets arkiv- och registraturfunktion."
        ),
    ),
    OrganisationSeed(
        key="sub-ledning",
        name="Ledningsgruppen",
        kind=OrganisationKind.LEADERSHIP_GROUP,
        parent="sub",
        description=(
            "Planerar mål och aktiviteter inom fokusområdena och följer upp dem under året."
        ),
    ),
    # The plan says there are two sections with work groups but names neither
    # the sections nor the groups, apart from the archive and registry
    # function. The other names are demo.
    OrganisationSeed(
        key="sub-sektion-information",
        name="Sektionen för informationsförsörjning",  # demo
        kind=OrganisationKind.SECTION,
        parent="sub",
    ),
    OrganisationSeed(
        key="sub-forvarv",
        name="Förvärv och e-resurser",  # demo
        kind=OrganisationKind.WORK_GROUP,
        parent="sub-sektion-information",
    ),
    OrganisationSeed(
        key="sub-service",
        name="Service och lärande",  # demo
        kind=OrganisationKind.WORK_GROUP,
        parent="sub-sektion-information",
    ),
    OrganisationSeed(
        key="sub-sektion-publicering",
        name="Sektionen för publicering och arkiv",  # demo
        kind=OrganisationKind.SECTION,
        parent="sub",
    ),
    OrganisationSeed(
        key="sub-publicering",
        name="Publiceringsstöd och öppen vetenskap",  # demo
        kind=OrganisationKind.WORK_GROUP,
        parent="sub-sektion-publicering",
    ),
    OrganisationSeed(
        key="sub-arkiv",
        name="Arkiv och registratur",
        kind=OrganisationKind.WORK_GROUP,
        parent="sub-sektion-publicering",
        description="Universitetets arkiv- och registraturfunktion, i biblioteket sedan 2019.",
    ),
)

_REGION_STOCKHOLM = (
    OrganisationSeed(
        key="region-stockholm",
        name="Region Stockholm",
        kind=OrganisationKind.REGION,
        county_code="01",
    ),
    OrganisationSeed(
        key="regionbibliotek-stockholm",
        name="Regionbibliotek Stockholm",
        kind=OrganisationKind.LIBRARY_ORGANISATION,
        parent="region-stockholm",
        description=(
            "Främjar verksamhetsutveckling och kvalitet på folkbiblioteken i Stockholms län, "
            "i samråd med dem: handledning, rådgivning, utvecklingsprojekt och fortbildning."
        ),
    ),
    OrganisationSeed(
        key="bibliotekssamverkan",
        name="Bibliotekssamverkan i Stockholmsregionen",
        kind=OrganisationKind.CROSS_GROUP,
        parent="regionbibliotek-stockholm",
        description=(
            "Samverkansorganisation för folkbiblioteken i Stockholms län och "
            "Regionbibliotek Stockholm, bildad våren 2022."
        ),
    ),
)

_STOCKHOLM_CITY = (
    OrganisationSeed(
        key="stockholms-stad",
        name="Stockholms stad",
        kind=OrganisationKind.MUNICIPALITY,
        municipality_code="0180",
        county_code="01",
    ),
    OrganisationSeed(
        key="stockholms-stadsbibliotek",
        name="Stockholms stadsbibliotek",
        kind=OrganisationKind.LIBRARY_ORGANISATION,
        parent="stockholms-stad",
        description="Stadens folkbibliotek: Stadsbiblioteket och biblioteken i stadsdelarna.",
    ),
)

# The slides say "12 stadsdelsbibliotek" but name none. These are places in
# Uppsala municipality that have a public library; the list is demo data, not
# the branch list of 2011.
UPPSALA_BRANCHES = (
    "Almungebiblioteket",
    "Björklingebiblioteket",
    "Bälingebiblioteket",
    "Eriksbergsbiblioteket",
    "Gottsundabiblioteket",
    "Knutbybiblioteket",
    "Sala backe-biblioteket",
    "Skyttorpsbiblioteket",
    "Stenhagensbiblioteket",
    "Storvretabiblioteket",
    "Sävjabiblioteket",
    "Vattholmabiblioteket",
)
# Neutral names: the slides only say there are two mobile libraries.
UPPSALA_MOBILE_LIBRARIES = ("Biblioteksbuss 1", "Biblioteksbuss 2")  # demo

_UPPSALA = (
    OrganisationSeed(
        key="uppsala-kommun",
        name="Uppsala kommun",
        kind=OrganisationKind.MUNICIPALITY,
        municipality_code="0380",
        county_code="03",
    ),
    OrganisationSeed(
        key="uppsala-kulturnamnden",
        name="Kulturnämnden",
        kind=OrganisationKind.BOARD,
        parent="uppsala-kommun",
        description="Beställare: ger biblioteket dess uppdrag i en årlig uppdragsplan.",
    ),
    OrganisationSeed(
        key="uppsala-stadsbibliotek",
        name="Uppsala stadsbibliotek",
        kind=OrganisationKind.LIBRARY_ORGANISATION,
        parent="uppsala-kommun",
        description=(
            "Utförare av kulturnämndens uppdrag: Stadsbiblioteket, 12 stadsdelsbibliotek och "
            "2 biblioteksbussar."
        ),
    ),
    *(
        OrganisationSeed(
            key=f"uppsala-filial-{index}",
            name=name,
            kind=OrganisationKind.BRANCH,
            parent="uppsala-stadsbibliotek",
        )
        for index, name in enumerate(UPPSALA_BRANCHES, start=1)
    ),
    *(
        OrganisationSeed(
            key=f"uppsala-buss-{index}",
            name=name,
            kind=OrganisationKind.MOBILE_LIBRARY,
            parent="uppsala-stadsbibliotek",
        )
        for index, name in enumerate(UPPSALA_MOBILE_LIBRARIES, start=1)
    ),
    OrganisationSeed(
        key="uppsala-tvargrupp",
        name="Tvärgruppen för språk och läsande",  # demo: the slides name no cross-group
        kind=OrganisationKind.CROSS_GROUP,
        parent="uppsala-stadsbibliotek",
        description=(
            "En utvecklingsgrupp med medarbetare från flera bibliotek, ledd av en samordnare."
        ),
        leader="uppsala-samordnare",
        leader_title="Samordnare",
    ),
)

_KALMAR = (
    OrganisationSeed(
        key="region-kalmar",
        name="Region Kalmar län",
        kind=OrganisationKind.REGION,
        county_code="08",
    ),
    OrganisationSeed(
        key="kalmar-regionfullmaktige",
        name="Regionfullmäktige",
        kind=OrganisationKind.BOARD,
        parent="region-kalmar",
        description="Regionens högsta beslutande organ; utser nämnderna och deras ansvar.",
    ),
    OrganisationSeed(
        key="kalmar-run",
        name="Regionala utvecklingsnämnden",
        kind=OrganisationKind.BOARD,
        parent="kalmar-regionfullmaktige",
        description=(
            "Ansvarar för Biblioteksutvecklings verksamhet och tar emot dess årliga "
            "återrapportering."
        ),
    ),
    OrganisationSeed(
        key="kalmar-forvaltning",
        name="Regionala utvecklingsförvaltningen",
        kind=OrganisationKind.ADMINISTRATION,
        parent="region-kalmar",
        description="Förvaltning för bland annat kultur, folkhögskolor, näringsliv och bibliotek.",
    ),
    OrganisationSeed(
        key="kalmar-biblioteksutveckling",
        name="Biblioteksutveckling Region Kalmar län",
        short_name="Biblioteksutveckling",
        kind=OrganisationKind.LIBRARY_ORGANISATION,
        parent="kalmar-forvaltning",
        description=(
            "Regionens biblioteksutveckling; arbetar strategiskt med folkbibliotekspersonalen "
            "i länet som främsta målgrupp."
        ),
    ),
    OrganisationSeed(
        key="kalmar-kommun",
        name="Kalmar kommun",
        kind=OrganisationKind.MUNICIPALITY,
        municipality_code="0880",
        county_code="08",
    ),
    OrganisationSeed(
        key="kalmar-stadsbibliotek",
        name="Kalmar stadsbibliotek",
        kind=OrganisationKind.LIBRARY_ORGANISATION,
        parent="kalmar-kommun",
    ),
)

ORGANISATIONS = (*_STOCKHOLM_UNIVERSITY, *_REGION_STOCKHOLM, *_STOCKHOLM_CITY, *_UPPSALA, *_KALMAR)


# --------------------------------------------------------------------------
# Demo accounts (all demo: invented people)
# --------------------------------------------------------------------------

USERS = (
    UserSeed("sub-admin", "Karin", "Ek", "sub", Role.ADMIN),
    UserSeed("sub-editor", "Johan", "Lind", "sub", Role.EDITOR),
    UserSeed("sub-reporter", "Sara", "Holm", "sub-arkiv", Role.REPORTER),
    UserSeed("sub-reader", "Per", "Strand", "sub", Role.READER),
    UserSeed("regionstockholm-admin", "Eva", "Berg", "region-stockholm", Role.ADMIN),
    UserSeed("regionstockholm-editor", "Lars", "Nyberg", "regionbibliotek-stockholm", Role.EDITOR),
    UserSeed("regionstockholm-reporter", "Maria", "Sjöberg", "bibliotekssamverkan", Role.REPORTER),
    UserSeed("regionstockholm-reader", "Anders", "Wall", "regionbibliotek-stockholm", Role.READER),
    UserSeed("stockholm-admin", "Lena", "Dahl", "stockholms-stadsbibliotek", Role.ADMIN),
    UserSeed("stockholm-editor", "Mikael", "Forsberg", "stockholms-stadsbibliotek", Role.EDITOR),
    UserSeed("stockholm-reporter", "Anna", "Åberg", "stockholms-stadsbibliotek", Role.REPORTER),
    UserSeed("stockholm-reader", "Erik", "Lund", "stockholms-stadsbibliotek", Role.READER),
    UserSeed("uppsala-admin", "Helena", "Norén", "uppsala-stadsbibliotek", Role.ADMIN),
    UserSeed("uppsala-editor", "Olof", "Sandberg", "uppsala-stadsbibliotek", Role.EDITOR),
    UserSeed("uppsala-reporter", "Amina", "Hassan", "uppsala-filial-5", Role.REPORTER),
    UserSeed("uppsala-reader", "Gustav", "Blom", "uppsala-stadsbibliotek", Role.READER),
    UserSeed("uppsala-kulturnamnden", "Birgitta", "Falk", "uppsala-kulturnamnden", Role.EDITOR),
    UserSeed("uppsala-samordnare", "Sofia", "Lindgren", "uppsala-tvargrupp", Role.EDITOR),
    UserSeed("kalmar-admin", "Jonas", "Håkansson", "region-kalmar", Role.ADMIN),
    UserSeed("kalmar-editor", "Elin", "Petersson", "kalmar-biblioteksutveckling", Role.EDITOR),
    UserSeed("kalmar-reporter", "Nils", "Öberg", "kalmar-biblioteksutveckling", Role.REPORTER),
    UserSeed("kalmar-reader", "Ingrid", "Karlsson", "kalmar-run", Role.READER),
    UserSeed("kalmarkommun-editor", "Hanna", "Svensson", "kalmar-kommun", Role.EDITOR),
)


# --------------------------------------------------------------------------
# Seed 000: Stockholms universitetsbibliotek, verksamhetsplan 2020
# --------------------------------------------------------------------------

_SUB_PLAN = PlanSeed(
    key="sub-vp-2020",
    organisation="sub",
    kind=PlanKind.OPERATIONAL_PLAN,
    title="Verksamhetsplan 2020",
    period_start=date(2020, 1, 1),
    period_end=date(2020, 12, 31),
    level_names=("Övergripande mål", "Fokusområde", "Mål"),
    author="sub-editor",
    summary=(
        "Planen för det sista året med de övergripande målen för 2017–2020. Ledningsgruppen "
        "har valt tre fokusområden; konkreta mål sätts under året av arbetsgrupperna och "
        "ledningsgruppen."
    ),
    sections=(
        SectionSeed(
            SectionKind.INTRODUCTION,
            "Inledning",
            "Verksamheten vilar på två tjänstelinjer, informationsförsörjning och "
            "publiceringsstöd. Tjänsterna ingår i universitetets större processer och i "
            "relationerna till forskningsfinansiärer i och utanför Sverige. Med förankring både "
            "i förvaltningen och i vetenskapsområdena ska biblioteket erbjuda tjänster som är "
            "relevanta, synliga och tillgängliga.",
        ),
        SectionSeed(
            SectionKind.MISSION,
            "Bibliotekets uppdrag",
            "Planen utgår från universitetets strategi. Där beskrivs biblioteket som en egen "
            "forskningsinfrastruktur – det fysiska biblioteket och de elektroniska resurserna – "
            "som är central för båda vetenskapsområdena och har en ledande roll i hur data och "
            "öppen vetenskap lagras och görs tillgängliga.",
        ),
        SectionSeed(
            SectionKind.VISION,
            "Vision",
            "Vi skapar de bästa förutsättningarna för vetenskaplig kommunikation.",
        ),
        SectionSeed(
            SectionKind.PURPOSE,
            "Syfte",
            "Att stödja universitetets forskare och studenter med informationsförsörjning och "
            "publicering, så att forskning och utbildning kan bedrivas i en öppen, nyskapande "
            "och dynamisk miljö.",
        ),
        SectionSeed(
            SectionKind.OTHER,
            "Planeringsarbetet",
            "Planen är medvetet övergripande. Arbetet sker i snabba cykler – planera, "
            "genomföra, utvärdera, förbättra – så att tjänsterna följer användarnas behov och "
            "kan ändras när behoven ändras. Arbetsgrupperna och ledningsgruppen sätter konkreta "
            "mål under året. Mål och löpande utvärderingar dokumenteras på intranätet och "
            "sammanfattas i verksamhetsberättelsen.",
        ),
    ),
    items=(
        ItemSeed(
            "Öppen vetenskaplig kommunikation i hela verksamheten",
            "Övergripande mål 2017–2020: senast 2020 är de åtgärder genomförda som gör att hela "
            "bibliotekets verksamhet utgår från öppen vetenskaplig kommunikation.",
            children=(
                ItemSeed(
                    "Organisation",
                    "Organisationen har nått en struktur som ska hålla; nu gäller det att vårda "
                    "den och organisationskulturen.",
                    responsible="sub-ledning",
                    children=(
                        ItemSeed(
                            "Gemensamma möten och informationsspridning utvecklas",
                            "Mellan arbetsgrupperna och mellan medarbetarna.",
                            responsible="sub-ledning",
                        ),
                        ItemSeed(
                            "Arbetsgrupperna känner engagemang och ägandeskap",
                            "Grupperna får stöd att fortsätta vara engagerade och utvecklande, "
                            "och biblioteket är en attraktiv arbetsplats.",
                            responsible="sub-ledning",
                        ),
                        ItemSeed("Vi firar mer av det vi gjort bra", responsible="sub-ledning"),
                    ),
                ),
                ItemSeed(
                    "Öppen vetenskaplig kommunikation – i hela organisationen",
                    "Öppen vetenskap präglar redan mycket av arbetet men behöver spridas vidare "
                    "i organisationen.",
                    children=(
                        ItemSeed(
                            "Ökad kunskap om öppen vetenskap i hela organisationen",
                            "Särskilt i de verksamhetsområden där kopplingen inte är självklar.",
                            responsible="sub-publicering",
                        ),
                    ),
                ),
                ItemSeed(
                    "Digitalt och analogt arkiv – en process",
                    "Universitetets arkiv- och registraturfunktion ingår i biblioteket sedan "
                    "våren 2019.",
                    responsible="sub-arkiv",
                    children=(
                        ItemSeed(
                            "Tydliga arbetsprocesser för hela arkivfunktionen",
                            "De analoga och digitala processerna kopplas ihop, så som de redan "
                            "hänger ihop på institutioner och avdelningar.",
                            responsible="sub-arkiv",
                        ),
                        ItemSeed(
                            "Ett e-arkiv är implementerat",
                            "Under 2020.",
                            responsible="sub-arkiv",
                        ),
                    ),
                ),
            ),
        ),
        ItemSeed(
            "Lättnavigerade tjänster som vidgar användarnas vyer",
            "Övergripande mål 2017–2020: tjänsterna som biblioteket levererar och bidrar till är "
            "lättnavigerade, hjälper användarna att få det de behöver och vidgar deras vyer.",
            children=(
                ItemSeed(
                    "Strategiskt nyttjande av resurserna",
                    "Ett arbetsspår som ledningsgruppen driver parallellt med fokusområdena: "
                    "resurserna ställs i relation till vad biblioteket gör och ska utveckla, så "
                    "att det kan fortsätta leverera bra tjänster.",
                    responsible="sub-ledning",
                ),
            ),
        ),
    ),
    decision=DecisionSeed(
        "Överbibliotekarien, Stockholms universitetsbibliotek", date(2019, 12, 16), "SUB 2019/0123"
    ),
    publish=True,
)


# --------------------------------------------------------------------------
# Seed 001: Region Stockholm, regional biblioteksplan 2020–2023, bibliotekssamverkan
# --------------------------------------------------------------------------

_STOCKHOLM_REGIONAL_PLAN = PlanSeed(
    key="stockholm-rbp",
    organisation="region-stockholm",
    kind=PlanKind.REGIONAL_LIBRARY_PLAN,
    title="Regional biblioteksplan 2020–2023 för Stockholmsregionen",
    period_start=date(2020, 1, 1),
    period_end=date(2023, 12, 31),
    level_names=("Huvudspår",),
    author="regionstockholm-admin",
    summary=(
        "Regionens plan för den regionala biblioteksverksamheten enligt bibliotekslagen. Den "
        "beskriver den huvudsakliga inriktningen under perioden och pekar ut tre huvudspår."
    ),
    sections=(
        SectionSeed(
            SectionKind.INTRODUCTION,
            "Inledning",
            "Stockholmsregionen vill vara en ledande kunskaps- och tillväxtregion, och "
            "biblioteken är en länk i det livslånga lärandet. Ett väckt intresse för bildning, "
            "utbildning och forskning kan ge livskvalitet, delaktighet och arbete, och stärker "
            "den enskildes fria åsiktsbildning.",
        ),
        SectionSeed(
            SectionKind.MISSION,
            "Regionbibliotekets uppdrag",
            "Regionbibliotek Stockholm främjar, i samråd med folkbiblioteken i länet, "
            "verksamhetsutveckling och kvalitet. Det sker genom handledning och rådgivning, "
            "utvecklingsprojekt, metod- och kvalitetsutveckling och fortbildning, och i "
            "samverkan med länets övriga kulturfunktioner, Kungliga biblioteket, Kulturrådet "
            "och andra regionbibliotek.",
        ),
    ),
    items=(
        ItemSeed(
            "Stärka formell samverkan mellan folkbiblioteken i regionen",
            "Till exempel gemensamma system, digitala tjänster, upphandlingar och avtal för inköp.",
            key="stockholm-rbp-samverkan",
        ),
        ItemSeed(
            "Stärka insatserna för läs- och skrivfrämjande",
            "Både bibliotekens och regionens insatser.",
            key="stockholm-rbp-lasframjande",
        ),
        ItemSeed(
            "Stödja bibliotekens långsiktiga verksamhets- och kompetensutveckling",
            "Kompetenslyft för bibliotekens ledning och personal inom flera områden, till "
            "exempel medie- och informationskunnighet (MIK).",
            key="stockholm-rbp-kompetens",
        ),
    ),
    decision=DecisionSeed("Kulturnämnden, Region Stockholm", date(2019, 11, 26), "KUN 2019/0123"),
    publish=True,
)

_STOCKHOLM_COLLABORATION_PLAN = PlanSeed(
    key="stockholm-samverkan",
    organisation="bibliotekssamverkan",
    kind=PlanKind.GROUP_PLAN,
    title="Målbild för samverkansarbetet",
    # The seed gives the start (spring 2022) but no end; the end follows the
    # regional plan's period (demo).
    period_start=date(2022, 1, 1),
    period_end=date(2023, 12, 31),
    level_names=("Målbild",),
    author="regionstockholm-editor",
    summary=(
        "Vad invånarna i Stockholmsregionen ska ha tillgång till genom bibliotekens samverkan. "
        "Periodens slut är ett demoval."
    ),
    sections=(
        SectionSeed(
            SectionKind.INTRODUCTION,
            "Om samverkan",
            "Sedan våren 2022 arbetar folkbiblioteken i Stockholms län och Regionbibliotek "
            "Stockholm tillsammans i samverkansorganisationen Bibliotekssamverkan i "
            "Stockholmsregionen.",
        ),
    ),
    items=(
        ItemSeed(
            "Ett brett, kvalitetssäkrat och kostnadsfritt medieutbud",
            contributes_to=("stockholm-rbp-samverkan",),
        ),
        ItemSeed(
            "Användarvänliga digitala folkbibliotekstjänster",
            contributes_to=("stockholm-rbp-samverkan",),
        ),
        ItemSeed(
            "Stöd från biblioteket i att utveckla digital kompetens och delaktighet",
            contributes_to=("stockholm-rbp-kompetens",),
        ),
    ),
    derived_from=("stockholm-rbp",),
    decision=DecisionSeed(
        "Styrgruppen för Bibliotekssamverkan i Stockholmsregionen",
        date(2022, 3, 17),
        "KUN 2022/0123",
    ),
    publish=True,
)


# --------------------------------------------------------------------------
# Seed 002: Stockholms stadsbibliotek, strategiska perspektiv 2008
# --------------------------------------------------------------------------

_CHILDREN = PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE.value
_DISABILITIES = PriorityGroup.PEOPLE_WITH_DISABILITIES.value
_MOTHER_TONGUE = PriorityGroup.OTHER_MOTHER_TONGUE.value


def _external(title: str, *priority_groups: str) -> ItemSeed:
    """A commitment the slides list under "Åtaganden ur VP 2008 – externt perspektiv"."""
    return ItemSeed(title, tags=(EXTERNAL_PERSPECTIVE,), priority_groups=priority_groups)


def _internal(title: str, *priority_groups: str) -> ItemSeed:
    """A commitment the slides list under "Åtaganden ur VP 2008 – internt perspektiv"."""
    return ItemSeed(title, tags=(INTERNAL_PERSPECTIVE,), priority_groups=priority_groups)


#: The eight perspectives, in the order of the title slide.
STOCKHOLM_PERSPECTIVES = (
    "Besökare och verksamhet",
    "Framtid",
    "Uppdrag",
    "Personal och kompetens",
    "Organisation och arbetssätt",
    "Relationer och image",
    "Ekonomiska resurser",
    "Mötesplatser, IT och medier",
)

# The commitments keep the slides' wording; only words split by line breaks are
# joined and one slip ("byggandet att nytt") is corrected. One commitment lost
# its subject when the slide text was extracted, so it starts with the verb.
_STOCKHOLM_COMMITMENTS: dict[str, tuple[ItemSeed, ...]] = {
    "Besökare och verksamhet": (
        _external(
            "Prioritera de allra yngsta barnen, 0-2 år, och deras föräldrar, i bibliotekets "
            "verksamhet",
            _CHILDREN,
        ),
        _external("Prioritera verksamhet för, med och av barn och ungdom", _CHILDREN),
        _external(
            "Biblioteken ska vara lyhörda för besökarnas behov, utveckla verksamhet tillsammans "
            "med besökarna och inspirera besökarna till aktivitet"
        ),
        _external("Utveckla verksamhet för äldre, såväl inom som utom stadens äldreboenden"),
        _external(
            "Bibliotekens verksamhet ska bidra till att öka Stockholmarnas kunskap i miljöfrågor"
        ),
        _external("Verksamhet för, med och av ungdomar ska fortsätta att utvecklas", _CHILDREN),
        _external(
            "Bli stockholmarnas självklara källa till dialog om litteratur, läsande och upplevelser"
        ),
        _external(
            "Stockholms stadsbibliotek ska fortsätta att utveckla eftermiddagsbibliotek för och "
            "med barn och unga",
            _CHILDREN,
        ),
        _external(
            "Tillgången till bibliotekens verksamhet förbättras för invånare med funktionshinder "
            "eller funktionsnedsättning",
            _DISABILITIES,
        ),
        _external("Bibliotekens lärmiljöer fortsätter att utvecklas"),
    ),
    "Framtid": (),
    "Uppdrag": (),
    "Personal och kompetens": (
        _internal(
            "Arbete inleds med att ta fram personliga kompetensutvecklingsplaner för alla "
            "medarbetare"
        ),
        _internal("Tydliga förväntningar på medarbetarskap och ledarskap"),
    ),
    "Organisation och arbetssätt": (
        _internal(
            "En ny organisation införs under 2008 för att möjliggöra ökat öppethållande och "
            "verksamhetsutveckling"
        ),
        _internal("Hinder för verksamhetsutveckling ska identifieras och undanröjas"),
        _internal(
            "Biblioteken ska utveckla en gemensam grundläggande kvalitetsnivå, med möjlighet till "
            "särskild profil"
        ),
        _internal(
            "Biblioteken väljer varor och material för en hållbar miljö i sin verksamhet och sitt "
            "byggande"
        ),
        _internal("Utvecklad verksamhetsstyrning och uppföljning inom avdelningen"),
        _internal("Bibliotekens arbetsprocesser ska kartläggas och förbättras"),
        _internal("Modell för kvalitetsutveckling utformas och introduceras"),
    ),
    "Relationer och image": (
        _external("Det lokala, fria kulturlivet synliggörs på stadens bibliotek"),
        _external("Omvärldsbevakningen inom Stockholms stadsbibliotek ska utvecklas"),
        _external(
            "Biblioteken ska utveckla erbjudanden med bibliotekstjänster riktade till näringslivet"
        ),
    ),
    "Ekonomiska resurser": (
        _external("Minskade kostnader genom effektivare bemanning och mediehantering"),
        _external("Nya intäktskällor genom externt samarbete"),
    ),
    "Mötesplatser, IT och medier": (
        _internal("Åtgärder genomförs för att förnya stadens biblioteksstruktur"),
        _internal("Effektivare nyttjande av bibliotekets lokaler"),
        _internal(
            "Biblioteken skall lyfta fram litteratur, särskilt barnlitteratur, från andra "
            "språkområden än de traditionellt västerländska",
            _MOTHER_TONGUE,
            _CHILDREN,
        ),
        _internal(
            "Ett system med flytande mediebestånd och samordnad inköpsprocess för medier ska "
            "införas inom Stockholms stadsbibliotek"
        ),
        _internal(
            "Biblioteken erbjuder mötesplatser för stadens invånare och finns där Stockholmarna "
            "väljer att mötas"
        ),
        _internal(
            "Stockholms stadsbibliotek ska ge information om och stöd till processen kring "
            "byggandet av ett nytt Stadsbibliotek"
        ),
        _internal("En ny mötesplats för barn ska utvecklas på webben", _CHILDREN),
    ),
}

_STOCKHOLM_CITY_PLAN = PlanSeed(
    key="stockholm-vp-2008",
    organisation="stockholms-stadsbibliotek",
    kind=PlanKind.OPERATIONAL_PLAN,
    title="Verksamhetsplan 2008",
    period_start=date(2008, 1, 1),
    period_end=date(2008, 12, 31),
    level_names=("Perspektiv", "Åtagande"),
    author="stockholm-editor",
    summary=(
        "Åtagandena ur verksamhetsplanen 2008, ordnade under de åtta strategiska perspektiven "
        "och märkta med externt eller internt perspektiv, så som presentationen ”Strategiska "
        "perspektiv på verksamheten” grupperar dem."
    ),
    sections=(
        SectionSeed(
            SectionKind.OTHER,
            "Steg 1 – Uppdraget idag och i framtiden",
            "Samtal om uppdraget nu och framåt: vilka framgångsfaktorer leder till målen, och "
            "vad behöver göras redan nu för att klara morgondagens uppdrag?",
        ),
        SectionSeed(
            SectionKind.OTHER,
            "Steg 2 – Externt perspektiv på verksamheten",
            "Samtal om verksamhetens förutsättningar: ekonomi, målgrupper, verksamhet, externt "
            "förtroende och samarbetspartner. Dem styr biblioteket inte över, men det kan "
            "påverka och utveckla dem genom sin verksamhet.",
        ),
        SectionSeed(
            SectionKind.OTHER,
            "Steg 3 – Internt perspektiv på verksamheten",
            "Samtal om hur verksamheten bedrivs utifrån uppdraget och förutsättningarna: "
            "kompetens, organisation, arbetsprocesser, rutiner, medier och mötesplatser – "
            "områden som biblioteket själv kan påverka i hög grad.",
        ),
        SectionSeed(
            SectionKind.OTHER,
            "Ständiga förbättringar",
            "Det externa och det interna perspektivet påverkar hela tiden varandra och är i "
            "grunden utvecklingsarbete: att möta besökarnas behov, frigöra resurser, utveckla "
            "organisationen, stärka de externa relationerna, skapa bättre mötesplatser och "
            "utveckla kompetens, rutiner och IT-stöd.",
        ),
    ),
    items=tuple(
        ItemSeed(perspective, children=_STOCKHOLM_COMMITMENTS[perspective])
        for perspective in STOCKHOLM_PERSPECTIVES
    ),
    decision=DecisionSeed("Kulturnämnden, Stockholms stad", date(2007, 12, 13), "KUN 2007/0123"),
    publish=True,
)


# --------------------------------------------------------------------------
# Seed 003: Uppsala stadsbibliotek, biblioteksplan and uppdragsplan
# --------------------------------------------------------------------------

#: The goals the slides list under "Mål i biblioteksplan och uppdragsplan", in order.
UPPSALA_GOALS = (
    "Språk- och läsutvecklingscentra",
    "Stödja sökande efter kunskap och bildning",
    "Bidra till livaktig demokrati",
    "Tillgängliga och välkomnande",
    "Kulturcentra",
    "Tydlig förankring i det omgivande samhället",
    "Utvecklad marknadsföring",
)

_UPPSALA_LIBRARY_PLAN = PlanSeed(
    key="uppsala-biblioteksplan",
    organisation="uppsala-kommun",
    kind=PlanKind.LIBRARY_PLAN,
    title="Biblioteksplan för Uppsala kommun",
    # The slides give no period for the library plan (demo).
    period_start=date(2011, 1, 1),
    period_end=date(2014, 12, 31),
    level_names=("Mål",),
    author=SUPERUSER_USERNAME,
    summary=(
        "Kommunens mål för biblioteksverksamheten. Samma mål styr kulturnämndens årliga "
        "uppdragsplan till biblioteket. Planperioden är ett demoval."
    ),
    sections=(
        SectionSeed(
            SectionKind.INTRODUCTION,
            "Inledning",
            "Biblioteksplanen anger kommunens mål för biblioteken. Kulturnämnden beställer "
            "verksamheten av biblioteket i en uppdragsplan som bygger på samma mål.",
        ),
    ),
    items=tuple(
        ItemSeed(goal, key=f"uppsala-biblioteksplan-{index}")
        for index, goal in enumerate(UPPSALA_GOALS, start=1)
    ),
    decision=DecisionSeed("Kommunfullmäktige, Uppsala kommun", date(2010, 11, 29), "KSN-2010-0123"),
    publish=True,
)

# One assignment per goal. The slide "Uppdrag 2011" has no text, so every
# assignment below is demo.
_UPPSALA_ASSIGNMENTS: dict[str, ItemSeed] = {
    "Språk- och läsutvecklingscentra": ItemSeed(
        "Läsfrämjande verksamhet för barn och unga på alla stadsdelsbibliotek",
        responsible="uppsala-stadsbibliotek",
        priority_groups=(_CHILDREN,),
    ),
    "Stödja sökande efter kunskap och bildning": ItemSeed(
        "Vägledning i informationssökning för studerande och vuxna som lär",
        responsible="uppsala-stadsbibliotek",
    ),
    "Bidra till livaktig demokrati": ItemSeed(
        "Samtal och debatter om aktuella samhällsfrågor",
        responsible="uppsala-stadsbibliotek",
    ),
    "Tillgängliga och välkomnande": ItemSeed(
        "Biblioteksbussarna når de delar av kommunen som saknar bibliotek",
        responsible="uppsala-stadsbibliotek",
        priority_groups=(_DISABILITIES,),
    ),
    "Kulturcentra": ItemSeed(
        "Program tillsammans med det lokala kulturlivet",
        responsible="uppsala-stadsbibliotek",
    ),
    "Tydlig förankring i det omgivande samhället": ItemSeed(
        "Samarbete med skolor, föreningar och studieförbund i stadsdelarna",
        responsible="uppsala-stadsbibliotek",
    ),
    "Utvecklad marknadsföring": ItemSeed(
        "En samlad plan för marknadsföring av bibliotekets tjänster",
        responsible="uppsala-stadsbibliotek",
    ),
}

_UPPSALA_ASSIGNMENT_PLAN = PlanSeed(
    key="uppsala-uppdrag-2011",
    organisation="uppsala-kulturnamnden",
    kind=PlanKind.ASSIGNMENT_PLAN,
    title="Uppdrag 2011",
    period_start=date(2011, 1, 1),
    period_end=date(2011, 12, 31),
    level_names=("Mål", "Uppdrag"),
    author="uppsala-kulturnamnden",
    summary=(
        "Kulturnämndens beställning av biblioteksverksamheten för 2011, ordnad efter "
        "biblioteksplanens mål. Uppdragen under målen är demoexempel."
    ),
    sections=(
        SectionSeed(
            SectionKind.OTHER,
            "Styrmodell",
            "Sedan 2003 styrs verksamheten med en beställar–utförarmodell med tydliga uppdrag "
            "och tydliga roller: kulturnämnden beställer, biblioteket utför. Upphandling och "
            "utmanarrätt ska ge affärstänkande och skärpa.",
        ),
        SectionSeed(
            SectionKind.VISION,
            "Vision",
            "Biblioteket som spelar roll och som Uppsalaborna tar till sitt hjärta.",
        ),
        SectionSeed(
            SectionKind.VALUES,
            "Gemensam grund för arbetet",
            "Kundfokus\nDelaktighet\nHelhetssyn\nKommunikation\nUtmaning och utveckling\n\n"
            "Kundfokus betyder bland annat ett gott bemötande, lyhördhet och flexibilitet, att "
            "lösa besökarens fråga och att både göra saker rätt och göra rätt saker.",
        ),
    ),
    items=tuple(
        ItemSeed(
            goal,
            key=f"uppsala-uppdrag-{index}",
            responsible="uppsala-stadsbibliotek",
            contributes_to=(f"uppsala-biblioteksplan-{index}",),
            children=(_UPPSALA_ASSIGNMENTS[goal],),
        )
        for index, goal in enumerate(UPPSALA_GOALS, start=1)
    ),
    derived_from=("uppsala-biblioteksplan",),
    decision=DecisionSeed("Kulturnämnden, Uppsala kommun", date(2010, 12, 16), "KTN-2010-0123"),
    publish=True,
)

# The cross-group's plan is demo content built on what the slides say about
# cross-groups: they scan the environment, propose trainings and projects,
# and "test and evaluate". It stays a draft.
_UPPSALA_GROUP_PLAN = PlanSeed(
    key="uppsala-tvargrupp-2011",
    organisation="uppsala-tvargrupp",
    kind=PlanKind.GROUP_PLAN,
    title="Tvärgruppens plan 2011",
    period_start=date(2011, 1, 1),
    period_end=date(2011, 12, 31),
    level_names=("Mål", "Aktivitet"),
    author="uppsala-samordnare",
    summary="Tvärgruppens egna mål inom ramen för uppdraget. Innehållet är ett demoexempel.",
    sections=(
        SectionSeed(
            SectionKind.OTHER,
            "Så arbetar tvärgrupperna",
            "Tvärgrupperna är utvecklingsgrupper där nästan alla medarbetare deltar. En "
            "samordnare leder, inte en chef. Grupperna spanar i omvärlden och föreslår "
            "utbildningar och projekt. Ramen finns i uppdraget; inom den är friheten stor. Vi "
            "testar och utvärderar, och det är tillåtet att misslyckas.",
        ),
    ),
    items=(
        ItemSeed(
            "Omvärldsspaning om språk- och läsutveckling",
            contributes_to=("uppsala-uppdrag-1",),
            children=(
                ItemSeed(
                    "Sammanställa ny forskning och goda exempel för kollegorna",
                    responsible_people=("uppsala-samordnare",),
                ),
            ),
        ),
        ItemSeed(
            "Förslag på kompetensutveckling",
            contributes_to=("uppsala-uppdrag-1",),
            children=(
                ItemSeed(
                    "Föreslå en utbildningsdag om läsfrämjande för de yngsta barnen",
                    priority_groups=(_CHILDREN,),
                ),
            ),
        ),
        ItemSeed(
            "Testa och utvärdera en ny läsfrämjande metod",
            contributes_to=("uppsala-uppdrag-1",),
            children=(
                ItemSeed("Pröva bokprat i grupp på två stadsdelsbibliotek"),
                ItemSeed("Utvärdera försöket och föreslå hur det kan spridas"),
            ),
        ),
    ),
    derived_from=("uppsala-uppdrag-2011",),
)


# --------------------------------------------------------------------------
# Seed 004: Region Kalmar län, RUS → regional biblioteksplan → verksamhetsplan
# --------------------------------------------------------------------------

#: The four focus areas of the regional library plan, in the seed's order.
KALMAR_FOCUS_AREAS = (
    "Läsfrämjande och språklig mångfald",
    "Digital delaktighet och digital omvandling",
    "Tillgänglighet",
    "Fördjupad samverkan mellan folkbiblioteken",
)

# The seed only says the regional library plan derives from the RUS; these
# strategic areas are a generic demo summary, not the strategy's own headings.
_KALMAR_STRATEGY = PlanSeed(
    key="kalmar-rus",
    organisation="region-kalmar",
    kind=PlanKind.DEVELOPMENT_STRATEGY,
    title="Regional utvecklingsstrategi för Kalmar län (sammanfattning)",
    period_start=date(2019, 1, 1),
    period_end=date(2030, 12, 31),
    level_names=("Strategiskt område",),
    author="kalmar-admin",
    summary=(
        "En allmänt hållen sammanfattning för demonstrationen: de strategiska områdena och "
        "perioden återger inte strategins egen text. Den regionala biblioteksplanen utgår från "
        "strategin."
    ),
    items=(
        ItemSeed("Kunskap, kompetens och livslångt lärande", key="kalmar-rus-kunskap"),
        ItemSeed(
            "Ett inkluderande samhälle med delaktighet för alla", key="kalmar-rus-delaktighet"
        ),
        ItemSeed("Digital utveckling och tillgänglighet i hela länet", key="kalmar-rus-digital"),
        ItemSeed("Samverkan för en hållbar utveckling av länet", key="kalmar-rus-samverkan"),
    ),
    decision=DecisionSeed(
        "Regionfullmäktige, Region Kalmar län", date(2018, 11, 20), "RS 2018/0123"
    ),
    publish=True,
)

_KALMAR_REGIONAL_PLAN = PlanSeed(
    key="kalmar-rbp",
    organisation="region-kalmar",
    kind=PlanKind.REGIONAL_LIBRARY_PLAN,
    title="Regional biblioteksplan för Kalmar län",
    # The seed gives no period (demo).
    period_start=date(2022, 1, 1),
    period_end=date(2025, 12, 31),
    level_names=("Fokusområde",),
    author="kalmar-admin",
    summary=(
        "Ett strategiskt styrdokument om vilka insatser regionen planerar för att främja "
        "samarbete, verksamhetsutveckling och kvalitet, bland annat på folkbiblioteksområdet. "
        "Planperioden är ett demoval."
    ),
    sections=(
        SectionSeed(
            SectionKind.INTRODUCTION,
            "Om planen",
            "Planen utgår från den regionala utvecklingsstrategin och beskriver "
            "Biblioteksutvecklings uppdrag. Biblioteksutveckling skriver årliga "
            "verksamhetsplaner utifrån planen och återrapporterar dem varje år till regionala "
            "utvecklingsnämnden.",
        ),
        SectionSeed(
            SectionKind.MISSION,
            "Uppdrag",
            "Den främsta målgruppen är folkbibliotekspersonalen i länet, och folkbibliotekens "
            "förutsättningar och behov är utgångspunkten. Rollen är i första hand strategisk. "
            "För att nå planens mål samverkar Biblioteksutveckling också med andra aktörer, "
            "regionalt och nationellt.",
        ),
        SectionSeed(
            SectionKind.OTHER,
            "Så styrs verksamheten",
            "Verksamheten är politiskt styrd. Regionfullmäktige är högsta beslutande organ och "
            "bestämmer vilka nämnder som ansvarar för vad; för Biblioteksutveckling ansvarar "
            "regionala utvecklingsnämnden. Biblioteksutveckling hör till regionala "
            "utvecklingsförvaltningen, tillsammans med bland annat kultur, folkhögskolor och "
            "näringsliv.",
        ),
    ),
    items=(
        ItemSeed(
            KALMAR_FOCUS_AREAS[0],
            key="kalmar-fokus-1",
            contributes_to=("kalmar-rus-kunskap", "kalmar-rus-delaktighet"),
        ),
        ItemSeed(
            KALMAR_FOCUS_AREAS[1],
            key="kalmar-fokus-2",
            contributes_to=("kalmar-rus-digital", "kalmar-rus-delaktighet"),
        ),
        ItemSeed(
            KALMAR_FOCUS_AREAS[2],
            key="kalmar-fokus-3",
            contributes_to=("kalmar-rus-delaktighet", "kalmar-rus-digital"),
        ),
        ItemSeed(
            KALMAR_FOCUS_AREAS[3],
            key="kalmar-fokus-4",
            contributes_to=("kalmar-rus-samverkan",),
        ),
    ),
    derived_from=("kalmar-rus",),
    decision=DecisionSeed(
        "Regionala utvecklingsnämnden, Region Kalmar län", date(2021, 12, 9), "RUN 2021/0123"
    ),
    publish=True,
)

# The kinds of activity are the seed's (training days, networks and meetings,
# shared structures such as media transport and shared databases, consultative
# support); the activities themselves are demo.
_KALMAR_OPERATIONAL_PLAN = PlanSeed(
    key="kalmar-vp-2025",
    organisation="kalmar-biblioteksutveckling",
    kind=PlanKind.OPERATIONAL_PLAN,
    title="Verksamhetsplan 2025",
    period_start=date(2025, 1, 1),
    period_end=date(2025, 12, 31),
    level_names=("Fokusområde", "Aktivitet"),
    author="kalmar-editor",
    summary=(
        "Biblioteksutvecklings årliga plan utifrån den regionala biblioteksplanens fyra "
        "fokusområden. Aktiviteterna är demoexempel av de slag verksamheten beskriver."
    ),
    sections=(
        SectionSeed(
            SectionKind.MISSION,
            "Vår roll",
            "Vi anordnar fortbildning, samordnar nätverk, möten och gemensamma aktiviteter, "
            "bevakar omvärlden och ger konsultativt stöd till personal och chefer på "
            "folkbiblioteken. Vi ger också ekonomiskt stöd till länsövergripande strukturer som "
            "ger invånarna ett mervärde.",
        ),
        SectionSeed(
            SectionKind.OTHER,
            "Återrapportering",
            "Planen återrapporteras till regionala utvecklingsnämnden efter årets slut.",
        ),
    ),
    items=(
        ItemSeed(
            KALMAR_FOCUS_AREAS[0],
            children=(
                ItemSeed(
                    "Fortbildningsdag om läsfrämjande för folkbibliotekspersonalen",
                    responsible="kalmar-biblioteksutveckling",
                    contributes_to=("kalmar-fokus-1",),
                ),
                ItemSeed(
                    "Nätverk för arbetet med medier på flera språk",
                    responsible="kalmar-biblioteksutveckling",
                    priority_groups=(_MOTHER_TONGUE,),
                    contributes_to=("kalmar-fokus-1",),
                ),
            ),
        ),
        ItemSeed(
            KALMAR_FOCUS_AREAS[1],
            children=(
                ItemSeed(
                    "Fortbildning i digital delaktighet och MIK",
                    responsible="kalmar-biblioteksutveckling",
                    contributes_to=("kalmar-fokus-2",),
                ),
                ItemSeed(
                    "Nätverksträffar om bibliotekens digitala tjänster",
                    responsible="kalmar-biblioteksutveckling",
                    contributes_to=("kalmar-fokus-2",),
                ),
            ),
        ),
        ItemSeed(
            KALMAR_FOCUS_AREAS[2],
            children=(
                ItemSeed(
                    "Konsultativt stöd till biblioteken i tillgänglighetsarbetet",
                    responsible="kalmar-biblioteksutveckling",
                    priority_groups=(_DISABILITIES,),
                    contributes_to=("kalmar-fokus-3",),
                ),
            ),
        ),
        ItemSeed(
            KALMAR_FOCUS_AREAS[3],
            children=(
                ItemSeed(
                    "Nätverksträffar för länets bibliotekschefer",
                    responsible="kalmar-biblioteksutveckling",
                    contributes_to=("kalmar-fokus-4",),
                ),
                ItemSeed(
                    "Ekonomiskt stöd till medietransporter mellan länets bibliotek",
                    responsible="kalmar-biblioteksutveckling",
                    contributes_to=("kalmar-fokus-4", "kalmar-fokus-3"),
                ),
                ItemSeed(
                    "Ekonomiskt stöd till gemensamma databaser",
                    responsible="kalmar-biblioteksutveckling",
                    contributes_to=("kalmar-fokus-4", "kalmar-fokus-2"),
                ),
            ),
        ),
    ),
    derived_from=("kalmar-rbp",),
    decision=DecisionSeed(
        "Regionala utvecklingsnämnden, Region Kalmar län", date(2024, 12, 12), "RUN 2024/0123"
    ),
    publish=True,
)

# A municipal library plan in the county, still a draft; its goals are demo.
_KALMAR_MUNICIPAL_PLAN = PlanSeed(
    key="kalmar-kommun-biblioteksplan",
    organisation="kalmar-kommun",
    kind=PlanKind.LIBRARY_PLAN,
    title="Biblioteksplan för Kalmar kommun 2025–2028",
    period_start=date(2025, 1, 1),
    period_end=date(2028, 12, 31),
    level_names=("Mål",),
    author="kalmarkommun-editor",
    summary=("Utkast. Ett demoexempel på hur en kommuns mål kan kopplas till länets fokusområden."),
    items=(
        ItemSeed(
            "Fler barn och unga läser och upptäcker litteratur",
            responsible="kalmar-stadsbibliotek",
            priority_groups=(_CHILDREN,),
            contributes_to=("kalmar-fokus-1",),
        ),
        ItemSeed(
            "Invånarna får stöd att använda digitala tjänster",
            responsible="kalmar-stadsbibliotek",
            contributes_to=("kalmar-fokus-2",),
        ),
        ItemSeed(
            "Biblioteken är tillgängliga för alla invånare",
            responsible="kalmar-stadsbibliotek",
            priority_groups=(_DISABILITIES,),
            contributes_to=("kalmar-fokus-3",),
        ),
        ItemSeed(
            "Stadsbiblioteket samverkar med länets bibliotek om medier och kompetens",
            responsible="kalmar-stadsbibliotek",
            contributes_to=("kalmar-fokus-4",),
        ),
        # Not yet linked to the regional plan: the coverage view names it.
        ItemSeed(
            "Biblioteken i kommundelarna har längre öppettider",
            responsible="kalmar-stadsbibliotek",
        ),
    ),
    derived_from=("kalmar-rbp",),
)

#: Plans in loading order: a plan comes after the plans it derives from and
#: after the plans its items contribute to.
PLANS = (
    _SUB_PLAN,
    _STOCKHOLM_REGIONAL_PLAN,
    _STOCKHOLM_COLLABORATION_PLAN,
    _STOCKHOLM_CITY_PLAN,
    _UPPSALA_LIBRARY_PLAN,
    _UPPSALA_ASSIGNMENT_PLAN,
    _UPPSALA_GROUP_PLAN,
    _KALMAR_STRATEGY,
    _KALMAR_REGIONAL_PLAN,
    _KALMAR_OPERATIONAL_PLAN,
    _KALMAR_MUNICIPAL_PLAN,
)

#: The seed plans the demo carries on to the present, so that each seed
#: organisation has a plan for this year and the two before, whatever the date.
#:
#: The seed documents are of their own years (2008, 2011, 2020 …) and stay so:
#: their plans are loaded with their own periods and text. A carried-on plan
#: is a demo plan of the same organisation for a later period of the same
#: length, counted in whole periods from the seed's (Verksamhetsplan 2020 →
#: Verksamhetsplan 2026; Regional biblioteksplan 2020–2023 → 2024–2027), with
#: the seed plan's sections and items unchanged, its title's years moved, and a
#: summary that starts with CARRIED_ON_NOTE, so that no one takes it for the
#: organisation's real plan of that year. Its decision is the seed's, moved by
#: the same number of years, with DEMO_DECISION_NOTE. A seed that is a draft
#: is carried on only to the current year, and stays a draft.
CARRIED_ON = (
    "sub-vp-2020",
    "stockholm-rbp",
    "stockholm-vp-2008",
    "uppsala-biblioteksplan",
    "uppsala-uppdrag-2011",
    "uppsala-tvargrupp-2011",
    "kalmar-rbp",
    "kalmar-vp-2025",
)

#: The first words of a carried-on plan's summary; {title} and {period} are the seed plan's.
CARRIED_ON_NOTE = (
    "Demodata: en påhittad plan för demonstrationen. Innehållet är {title} ({period}) "
    "oförändrat; perioden och beslutet är påhittade."
)

SEEDS = Seeds(organisations=ORGANISATIONS, users=USERS, plans=PLANS, carried_on=CARRIED_ON)
