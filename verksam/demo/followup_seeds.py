"""Follow-up of the seed plans, as plain data: rounds, assessments, indicators, measurements.

`verksam demo` (verksam.demo.services.demo_followup_load) loads what is described
here after the plans. The seed documents say how the organisations follow up
(tertial reports in municipalities and universities, an annual report back to
the board in Region Kalmar) but give no results, so everything below is
invented for the demo:

- Every assessment text is a plausible example, and figures in it carry
  "(demovärde)".
- Every measurement is an invented demo value, not a figure from Sweden's
  official library statistics or any other source, and is stored with the
  source "demo value" and the note "Demovärde". The values are of the right
  order of magnitude for each library (Uppsala stadsbibliotek about 1.5 million
  physical visits a year, Stockholms stadsbibliotek a few times that), so that
  the charts and the roll-up look like real follow-up.
- The shared indicators use the real variable keys and meanings of the
  national library statistics (Besok01, Utlan399, Publ199, Aktiv99; see the
  project's reference material). The survey with these keys started with the
  sample year 2014; the demo uses them for 2008 and 2011 too, for simplicity.

Which rhythm each plan follows:

- Operational and assignment plans of a municipal or city library and of a
  university library: tertial (T1, T2 and the year).
- Regional plans, the regional development strategy, the collaboration's
  target picture and Kalmar's operational plan, which Biblioteksutveckling
  reports back to the regional development board once a year: annual.
- Multi-year plans get rounds for the years shown below, not always the whole
  period.

Who writes and who approves respects the permissions (verksam.followup
.permissions): the author may report on the item, the reviewer may review the
plan; the loader refuses seeds that break this. Regions Stockholm and Kalmar
have one demo account that may do both on the regional plans, so there the
same person writes and approves.

All rounds are closed except those in `open_rounds`: Kalmar's reports on 2025,
which are still being written, approved and returned; running
`verksam send_followup_reminders` on the demo reminds of them.
"""

from dataclasses import dataclass
from decimal import Decimal

from verksam.demo.seeds import SUPERUSER_USERNAME
from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus, Rhythm
from verksam.indicators.choices import IndicatorSource

#: The note on every demo measurement.
DEMO_MEASUREMENT_NOTE = "Demovärde"

Number = int | Decimal


@dataclass(frozen=True)
class IndicatorSeed:
    """An indicator; `organisation` is an organisation key, None for a shared one."""

    key: str
    name: str
    unit: str
    description: str
    source: str = IndicatorSource.MANUAL
    organisation: str | None = None
    decimals: int = 0


@dataclass(frozen=True)
class MeasurementSeed:
    """An organisation's value of an indicator for a year.

    With `tertials` (January–April, May–August, September–December), the
    tertials are stored too and must add up to the year's value.
    """

    indicator: str
    organisation: str
    year: int
    value: Number
    tertials: tuple[Number, Number, Number] | None = None


@dataclass(frozen=True)
class TargetSeed:
    """A target for a year; `tertials` adds targets for T1 and T2 of that year."""

    year: int
    value: Number
    tertials: tuple[Number, Number] | None = None


@dataclass(frozen=True)
class ItemIndicatorSeed:
    """An indicator followed on the item titled `item`, measured for `organisation`."""

    item: str
    indicator: str
    organisation: str
    baseline: Number | None = None
    baseline_label: str = ""
    targets: tuple[TargetSeed, ...] = ()


@dataclass(frozen=True)
class AssessmentSeed:
    """The follow-up of the item titled `item` in the round `round`.

    `round` is "T1 2020", "T2 2020" or "2020" (the year-end round). `state` is
    reached through the services: a draft is saved, the others are submitted
    and then approved or returned. `days_late` > 0 marks one submitted after
    the due date; the others were submitted a few days before it.
    """

    item: str
    round: str
    state: str
    status: str
    done: str
    results: str = ""
    improvements: str = ""
    forecast: str = ""
    progress: int | None = None
    author: str | None = None
    reviewer: str | None = None
    comment: str = ""
    days_late: int = 0


@dataclass(frozen=True)
class FollowUpSeed:
    """A plan's follow-up: rounds from a rhythm, indicators on items, assessments.

    `plan` is a plan key of verksam.demo.seeds; `author` and `reviewer` are
    usernames (the defaults of the assessments; the reviewer also creates and
    closes the rounds). `activity_from_level` is set on the plan when given.
    """

    plan: str
    rhythm: str
    years: tuple[int, ...]
    author: str
    reviewer: str
    open_rounds: tuple[str, ...] = ()
    activity_from_level: int | None = None
    indicators: tuple[ItemIndicatorSeed, ...] = ()
    assessments: tuple[AssessmentSeed, ...] = ()


@dataclass(frozen=True)
class FollowUpSeeds:
    """Everything of the follow-up the demo loads."""

    indicators: tuple[IndicatorSeed, ...]
    measurements: tuple[MeasurementSeed, ...]
    plans: tuple[FollowUpSeed, ...]


_APPROVED = AssessmentState.APPROVED
_SUBMITTED = AssessmentState.SUBMITTED
_RETURNED = AssessmentState.RETURNED
_DRAFT = AssessmentState.DRAFT

_MET = GoalStatus.MET
_PARTLY = GoalStatus.PARTLY_MET
_NOT_MET = GoalStatus.NOT_MET
_DONE = ActivityStatus.DONE
_ONGOING = ActivityStatus.ONGOING
_NOT_STARTED = ActivityStatus.NOT_STARTED


# --------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------

_BIBSTAT = IndicatorSource.LIBRARY_STATISTICS

INDICATORS = (
    IndicatorSeed(
        "Besok01",
        "Fysiska besök",
        "besök",
        "Fysiska besök på bibliotekets bemannade serviceställen, bokbussar inräknade "
        "(Sveriges officiella biblioteksstatistik, variabel Besok01).",
        source=_BIBSTAT,
    ),
    IndicatorSeed(
        "Utlan399",
        "Fysiska utlån",
        "lån",
        "Utlån av alla fysiska medier, förstagångslån och omlån, utom fjärrlån "
        "(Sveriges officiella biblioteksstatistik, variabel Utlan399).",
        source=_BIBSTAT,
    ),
    IndicatorSeed(
        "Publ199",
        "Arrangemang",
        "arrangemang",
        "Bibliotekets arrangemang, alla kategorier "
        "(Sveriges officiella biblioteksstatistik, variabel Publ199).",
        source=_BIBSTAT,
    ),
    IndicatorSeed(
        "Aktiv99",
        "Aktiva låntagare",
        "låntagare",
        "Låntagare som har lånat minst en gång under året "
        "(Sveriges officiella biblioteksstatistik, variabel Aktiv99).",
        source=_BIBSTAT,
    ),
    IndicatorSeed(
        "SUB-oppen-tillgang",
        "Andel publikationer med öppen tillgång",
        "%",
        "Andel av årets vetenskapliga artiklar från universitetet som är fritt tillgängliga. "
        "Demoindikator.",
        organisation="sub",
        decimals=1,
    ),
    IndicatorSeed(
        "SUB-utbildning-oppen-vetenskap",
        "Deltagare i interna utbildningar om öppen vetenskap",
        "deltagare",
        "Deltagare i bibliotekets seminarier och utbildningar om öppen vetenskap för den egna "
        "personalen. Demoindikator.",
        organisation="sub",
    ),
    IndicatorSeed(
        "RBS-fortbildning",
        "Deltagare i regionbibliotekets fortbildning",
        "deltagare",
        "Deltagare från länets folkbibliotek i kurser, konferenser och webbinarier som "
        "Regionbibliotek Stockholm anordnar. Demoindikator.",
        organisation="regionbibliotek-stockholm",
    ),
    IndicatorSeed(
        "KLR-fortbildning-lasframjande",
        "Deltagare i fortbildningsdagar om läsfrämjande",
        "deltagare",
        "Folkbibliotekspersonal från länet som deltagit i Biblioteksutvecklings "
        "fortbildningsdagar om läsfrämjande. Demoindikator.",
        organisation="kalmar-biblioteksutveckling",
    ),
    IndicatorSeed(
        "KLR-fortbildning-mik",
        "Deltagare i fortbildning i digital delaktighet och MIK",
        "deltagare",
        "Folkbibliotekspersonal från länet som deltagit i fortbildning om digital delaktighet "
        "och medie- och informationskunnighet. Demoindikator.",
        organisation="kalmar-biblioteksutveckling",
    ),
    IndicatorSeed(
        "KLR-chefsnatverk",
        "Nätverksträffar för bibliotekschefer",
        "träffar",
        "Träffar i länets nätverk för bibliotekschefer som Biblioteksutveckling samordnar. "
        "Demoindikator.",
        organisation="kalmar-biblioteksutveckling",
    ),
)


# --------------------------------------------------------------------------
# Measurements: invented demo values, not statistics
# --------------------------------------------------------------------------

MEASUREMENTS = (
    # Stockholms stadsbibliotek, 2007 (baseline) and 2008 by tertial.
    MeasurementSeed("Besok01", "stockholms-stadsbibliotek", 2007, 5_840_000),
    MeasurementSeed(
        "Besok01",
        "stockholms-stadsbibliotek",
        2008,
        5_890_000,
        (2_080_000, 1_620_000, 2_190_000),
    ),
    MeasurementSeed("Utlan399", "stockholms-stadsbibliotek", 2007, 6_900_000),
    MeasurementSeed(
        "Utlan399",
        "stockholms-stadsbibliotek",
        2008,
        6_985_000,
        (2_450_000, 2_030_000, 2_505_000),
    ),
    MeasurementSeed("Publ199", "stockholms-stadsbibliotek", 2007, 7_200),
    MeasurementSeed("Publ199", "stockholms-stadsbibliotek", 2008, 7_680, (2_650, 1_420, 3_610)),
    # Uppsala stadsbibliotek, 2010 (baseline), 2011 by tertial and 2012.
    MeasurementSeed("Besok01", "uppsala-stadsbibliotek", 2010, 1_530_000),
    MeasurementSeed(
        "Besok01", "uppsala-stadsbibliotek", 2011, 1_546_000, (556_000, 426_000, 564_000)
    ),
    MeasurementSeed("Besok01", "uppsala-stadsbibliotek", 2012, 1_556_000),
    MeasurementSeed("Utlan399", "uppsala-stadsbibliotek", 2010, 2_480_000),
    MeasurementSeed(
        "Utlan399", "uppsala-stadsbibliotek", 2011, 2_505_000, (912_000, 718_000, 875_000)
    ),
    MeasurementSeed("Utlan399", "uppsala-stadsbibliotek", 2012, 2_431_000),
    MeasurementSeed("Publ199", "uppsala-stadsbibliotek", 2010, 1_650),
    MeasurementSeed("Publ199", "uppsala-stadsbibliotek", 2011, 1_875, (712, 318, 845)),
    MeasurementSeed("Publ199", "uppsala-stadsbibliotek", 2012, 1_902),
    MeasurementSeed("Aktiv99", "uppsala-stadsbibliotek", 2010, 61_500),
    MeasurementSeed("Aktiv99", "uppsala-stadsbibliotek", 2011, 60_800),
    MeasurementSeed("Aktiv99", "uppsala-stadsbibliotek", 2012, 62_300),
    # Stockholms universitetsbibliotek.
    MeasurementSeed("SUB-oppen-tillgang", "sub", 2019, Decimal("64.0")),
    MeasurementSeed("SUB-oppen-tillgang", "sub", 2020, Decimal("71.5")),
    MeasurementSeed("SUB-utbildning-oppen-vetenskap", "sub", 2020, 128, (26, 38, 64)),
    # Regionbibliotek Stockholm: fewer participants in 2020, when courses moved online.
    MeasurementSeed("RBS-fortbildning", "regionbibliotek-stockholm", 2019, 1_150),
    MeasurementSeed("RBS-fortbildning", "regionbibliotek-stockholm", 2020, 980),
    MeasurementSeed("RBS-fortbildning", "regionbibliotek-stockholm", 2021, 1_420),
    MeasurementSeed("RBS-fortbildning", "regionbibliotek-stockholm", 2022, 1_360),
    MeasurementSeed("RBS-fortbildning", "regionbibliotek-stockholm", 2023, 1_290),
    # Biblioteksutveckling Region Kalmar län.
    *(
        MeasurementSeed("KLR-fortbildning-lasframjande", "kalmar-biblioteksutveckling", year, value)
        for year, value in ((2021, 52), (2022, 61), (2023, 71), (2024, 55), (2025, 64))
    ),
    *(
        MeasurementSeed("KLR-fortbildning-mik", "kalmar-biblioteksutveckling", year, value)
        for year, value in ((2021, 40), (2022, 47), (2023, 62), (2024, 66), (2025, 57))
    ),
    *(
        MeasurementSeed("KLR-chefsnatverk", "kalmar-biblioteksutveckling", year, value)
        for year, value in ((2022, 4), (2023, 4), (2024, 3), (2025, 4))
    ),
)


# --------------------------------------------------------------------------
# Seed 000: Stockholms universitetsbibliotek, verksamhetsplan 2020 (tertial)
# --------------------------------------------------------------------------

_SUB_MEETINGS = "Gemensamma möten och informationsspridning utvecklas"
_SUB_OWNERSHIP = "Arbetsgrupperna känner engagemang och ägandeskap"
_SUB_CELEBRATE = "Vi firar mer av det vi gjort bra"
_SUB_OPEN_SCIENCE = "Ökad kunskap om öppen vetenskap i hela organisationen"
_SUB_PROCESSES = "Tydliga arbetsprocesser för hela arkivfunktionen"
_SUB_E_ARCHIVE = "Ett e-arkiv är implementerat"
_SUB_RESOURCES = "Strategiskt nyttjande av resurserna"
_SUB_GOAL_OPEN = "Öppen vetenskaplig kommunikation i hela verksamheten"
_SUB_GOAL_SERVICES = "Lättnavigerade tjänster som vidgar användarnas vyer"

_SUB_FOLLOW_UP = FollowUpSeed(
    plan="sub-vp-2020",
    rhythm=Rhythm.TERTIAL,
    years=(2020,),
    author="sub-editor",
    reviewer="sub-admin",
    indicators=(
        ItemIndicatorSeed(
            _SUB_GOAL_OPEN,
            "SUB-oppen-tillgang",
            "sub",
            baseline=Decimal("64.0"),
            baseline_label="2019",
            targets=(TargetSeed(2020, 75),),
        ),
        ItemIndicatorSeed(
            _SUB_OPEN_SCIENCE,
            "SUB-utbildning-oppen-vetenskap",
            "sub",
            targets=(TargetSeed(2020, 120, (30, 30)),),
        ),
    ),
    assessments=(
        # T1 2020
        AssessmentSeed(
            _SUB_MEETINGS,
            "T1 2020",
            _APPROVED,
            _PARTLY,
            "Månadsvisa gemensamma möten för alla medarbetare har införts. Sedan mars hålls de "
            "digitalt, när de flesta arbetar hemifrån.",
            "Närvaron på de digitala mötena har varit omkring 80 procent (demovärde). Flera "
            "arbetsgrupper vill ha mer tid för frågor.",
            "Arbetsgrupperna skickar korta nyheter inför varje möte, så att mötestiden räcker "
            "till frågor.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _SUB_OPEN_SCIENCE,
            "T1 2020",
            _APPROVED,
            _PARTLY,
            "Två interna seminarier om öppen tillgång och forskningsdata, det andra digitalt.",
            "26 deltagare under tertialen (demovärde), de flesta från publiceringsstödet. Få "
            "kom från förvärv och service.",
            "Nästa seminarium riktas till arbetsgrupperna inom informationsförsörjningen.",
            forecast=_MET,
            author="sub-editor",
        ),
        AssessmentSeed(
            _SUB_PROCESSES,
            "T1 2020",
            _APPROVED,
            _PARTLY,
            "Registreringen och arkiveringen av allmänna handlingar är kartlagda i workshoppar "
            "med registratorerna.",
            "Kartläggningen visar att de analoga och digitala flödena sköts av olika personer, "
            "vilket ger dubbelarbete.",
            "En gemensam processbeskrivning tas fram och prövas på två institutioner i höst.",
            forecast=_MET,
            progress=40,
            author="sub-reporter",
        ),
        AssessmentSeed(
            _SUB_E_ARCHIVE,
            "T1 2020",
            _APPROVED,
            _PARTLY,
            "Upphandlingen av e-arkivet är avslutad och ett införandeprojekt med IT-avdelningen "
            "har startat.",
            "Tidsplanen håller. Registraturens första leverans till e-arkivet planeras till "
            "hösten.",
            "Vi behöver tidigt stöd från institutionerna för att beskriva deras ärendetyper.",
            forecast=_MET,
            progress=30,
            author="sub-reporter",
        ),
        AssessmentSeed(
            _SUB_RESOURCES,
            "T1 2020",
            _APPROVED,
            _PARTLY,
            "Ledningsgruppen har gått igenom hur personalen fördelas mellan tjänsterna.",
            "Fjärrlån och förvärv av tryckt material tar mer tid än användningen motiverar.",
            "En analys av e-resurserna görs inför budgetarbetet i höst.",
            forecast=_PARTLY,
            progress=20,
        ),
        # T2 2020
        AssessmentSeed(
            _SUB_OWNERSHIP,
            "T2 2020",
            _APPROVED,
            _PARTLY,
            "Varje arbetsgrupp har presenterat sina mål för året på ett gemensamt möte.",
            "I medarbetarenkäten i juni svarar 78 procent att de kan påverka sitt arbete "
            "(demovärde).",
            "Grupperna väljer själva ett utvecklingsområde att följa upp i årets sista tertial.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _SUB_CELEBRATE,
            "T2 2020",
            _APPROVED,
            _MET,
            "De gemensamma mötena har fått en stående punkt där en arbetsgrupp berättar om "
            "något som gått bra.",
            "Uppskattat; sex grupper har hunnit berätta.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _SUB_OPEN_SCIENCE,
            "T2 2020",
            _APPROVED,
            _PARTLY,
            "Seminarieserien har fortsatt digitalt, med ett pass för förvärv och e-resurser.",
            "38 deltagare under tertialen (demovärde), hälften från informationsförsörjningen.",
            "Passen spelas in så att de kan ses i efterhand.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _SUB_PROCESSES,
            "T2 2020",
            _APPROVED,
            _PARTLY,
            "Processbeskrivningen prövas på två institutioner.",
            "Institutionerna tycker att beskrivningen är tydlig, men rutinen för e-post som "
            "allmän handling behöver förenklas.",
            "Rutinen för e-post skrivs om innan beskrivningen sprids till alla institutioner.",
            forecast=_MET,
            progress=70,
            author="sub-reporter",
        ),
        AssessmentSeed(
            _SUB_E_ARCHIVE,
            "T2 2020",
            _APPROVED,
            _PARTLY,
            "E-arkivet är installerat i en testmiljö och registraturens första ärendetyper är "
            "konfigurerade.",
            "Integrationen med diariet är försenad; driftstarten kan bli i början av nästa år.",
            "Integrationen går före utbildningen av institutionerna, som flyttas till våren.",
            forecast=_PARTLY,
            progress=60,
            author="sub-reporter",
            days_late=6,
        ),
        # The year 2020
        AssessmentSeed(
            _SUB_MEETINGS,
            "2020",
            _APPROVED,
            _MET,
            "De gemensamma mötena har hållits varje månad hela året, digitalt sedan mars.",
            "Medarbetarna tycker att informationen mellan grupperna har blivit bättre: 4,1 av 5 "
            "i medarbetarenkäten (demovärde).",
            "Det digitala formatet behålls som komplement även när vi kan ses igen.",
        ),
        AssessmentSeed(
            _SUB_OWNERSHIP,
            "2020",
            _APPROVED,
            _MET,
            "Alla arbetsgrupper har följt upp ett eget utvecklingsområde under hösten.",
            "Grupperna beskriver ett större ägandeskap, trots ett år med mycket distansarbete.",
        ),
        AssessmentSeed(
            _SUB_CELEBRATE,
            "2020",
            _APPROVED,
            _MET,
            "Alla arbetsgrupper har berättat om något som gått bra, och året avslutades med en "
            "digital fika för hela biblioteket.",
            "",
        ),
        AssessmentSeed(
            _SUB_OPEN_SCIENCE,
            "2020",
            _APPROVED,
            _MET,
            "Sex seminarier under året, fyra av dem digitala.",
            "128 deltagare (demovärde) mot målet 120. Alla arbetsgrupper har varit med.",
            "Inspelningarna blir en del av introduktionen för nyanställda.",
        ),
        AssessmentSeed(
            _SUB_PROCESSES,
            "2020",
            _APPROVED,
            _MET,
            "En gemensam processbeskrivning för analoga och digitala handlingar är beslutad.",
            "Dubbelarbetet mellan de analoga och digitala flödena har upphört i registraturen.",
            "",
            author="sub-reporter",
        ),
        AssessmentSeed(
            _SUB_E_ARCHIVE,
            "2020",
            _APPROVED,
            _NOT_MET,
            "E-arkivet är installerat och konfigurerat, men driftstarten flyttades till februari "
            "2021 på grund av den försenade integrationen med diariet.",
            "Målet nåddes inte under 2020. Tack vare processarbetet kan införandet gå snabbare "
            "när systemet tas i drift.",
            "Följs upp i verksamhetsplanen 2021 med en tidsplan för institutionernas anslutning.",
            author="sub-reporter",
        ),
        AssessmentSeed(
            _SUB_RESOURCES,
            "2020",
            _APPROVED,
            _PARTLY,
            "Analysen av personal och e-resurser är klar och låg till grund för budgeten 2021.",
            "Två tidskriftspaket med låg användning sägs upp; fjärrlånen samordnas med förvärvet.",
            "Arbetsspåret fortsätter 2021 med de tryckta samlingarna.",
        ),
        AssessmentSeed(
            _SUB_GOAL_OPEN,
            "2020",
            _APPROVED,
            _PARTLY,
            "Målperioden 2017–2020 är slut. De flesta åtgärderna är genomförda; e-arkivet "
            "återstår.",
            "Andelen publikationer med öppen tillgång ökade från 64 till 71,5 procent "
            "(demovärden), under målet 75 procent.",
            "Öppen vetenskap blir en del av grunduppdraget i nästa strategiperiod.",
        ),
        AssessmentSeed(
            _SUB_GOAL_SERVICES,
            "2020",
            _APPROVED,
            _MET,
            "Tjänsterna ställdes snabbt om till digitala möten, chatt och utlämning av beställda "
            "böcker när campus stängde.",
            "Användarna har fått det de behöver; handledningen i publicering har till och med "
            "ökat.",
            "De digitala tjänsterna finns kvar när campus öppnar igen.",
        ),
    ),
)


# --------------------------------------------------------------------------
# Seed 001: Region Stockholm, regional biblioteksplan and målbild (annual)
# --------------------------------------------------------------------------

_RBS_COOPERATION = "Stärka formell samverkan mellan folkbiblioteken i regionen"
_RBS_READING = "Stärka insatserna för läs- och skrivfrämjande"
_RBS_COMPETENCE = "Stödja bibliotekens långsiktiga verksamhets- och kompetensutveckling"


def _rbs(item: str, year: int, status: str, done: str, results: str = "", improve: str = ""):
    return AssessmentSeed(item, str(year), _APPROVED, status, done, results, improve)


_STOCKHOLM_REGIONAL_FOLLOW_UP = FollowUpSeed(
    plan="stockholm-rbp",
    rhythm=Rhythm.ANNUAL,
    years=(2020, 2021, 2022, 2023),
    author="regionstockholm-admin",
    reviewer="regionstockholm-admin",
    indicators=(
        ItemIndicatorSeed(
            _RBS_COMPETENCE,
            "RBS-fortbildning",
            "regionbibliotek-stockholm",
            baseline=1_150,
            baseline_label="2019",
            targets=tuple(
                TargetSeed(year, value)
                for year, value in ((2020, 1_200), (2021, 1_200), (2022, 1_300), (2023, 1_300))
            ),
        ),
    ),
    assessments=(
        _rbs(
            _RBS_COOPERATION,
            2020,
            _PARTLY,
            "Regionbiblioteket har utrett en gemensam upphandling av e-medier och ett gemensamt "
            "avtal för medieinköp.",
            "Stort intresse, men kommunernas avtal löper ut vid olika tidpunkter.",
            "Förbered en samverkansorganisation för länets folkbibliotek.",
        ),
        _rbs(
            _RBS_COOPERATION,
            2021,
            _PARTLY,
            "Förslaget till samverkansorganisation har förankrats hos länets bibliotekschefer.",
            "22 av länets 26 kommuner ställer sig bakom förslaget (demovärde).",
            "Samverkansorganisationen startar våren 2022.",
        ),
        _rbs(
            _RBS_COOPERATION,
            2022,
            _MET,
            "Bibliotekssamverkan i Stockholmsregionen startade våren 2022 med en styrgrupp och "
            "arbetsgrupper för medier och digitala tjänster.",
            "Samverkan har en gemensam målbild och en arbetsplan för 2023.",
        ),
        _rbs(
            _RBS_COOPERATION,
            2023,
            _MET,
            "Samverkan har genomfört en gemensam upphandling av e-böcker och e-ljudböcker.",
            "Alla kommuner i samverkan erbjuder samma e-medieutbud från årsskiftet.",
            "Nästa steg är ett gemensamt bibliotekssystem; en förstudie startar 2024.",
        ),
        _rbs(
            _RBS_READING,
            2020,
            _PARTLY,
            "Det planerade läsfrämjandelyftet för bibliotekspersonalen genomfördes digitalt och "
            "i mindre skala.",
            "Lyftet nådde personal på 14 bibliotek (demovärde), hälften av de planerade.",
            "Lyftet upprepas 2021 med både digitala och fysiska träffar.",
        ),
        _rbs(
            _RBS_READING,
            2021,
            _MET,
            "Nätverket för läsfrämjande har träffats fyra gånger och tagit fram en metodbank.",
            "Metodbanken används av bibliotek i 19 kommuner (demovärde).",
        ),
        _rbs(
            _RBS_READING,
            2022,
            _MET,
            "Två regionala konferenser om läsfrämjande för barn och unga.",
            "Deltagarna gav konferenserna 4,4 av 5 i utvärderingen (demovärde).",
        ),
        _rbs(
            _RBS_READING,
            2023,
            _PARTLY,
            "En satsning på skrivfrämjande för unga har startat tillsammans med tre studieförbund.",
            "Satsningen kom igång sent och når hittills sju bibliotek (demovärde).",
            "Satsningen förlängs 2024 och fler bibliotek bjuds in.",
        ),
        _rbs(
            _RBS_COMPETENCE,
            2020,
            _PARTLY,
            "Fortbildningen ställdes om till webbinarier från mars.",
            "980 deltagare (demovärde) mot målet 1 200. Kurser med praktiska övningar ställdes in.",
            "Fler korta webbinarier som är lätta att delta i från arbetsplatsen.",
        ),
        _rbs(
            _RBS_COMPETENCE,
            2021,
            _MET,
            "Webbinarier om medie- och informationskunnighet och digital delaktighet.",
            "1 420 deltagare (demovärde): de digitala formaten nådde personal som sällan kan resa.",
        ),
        _rbs(
            _RBS_COMPETENCE,
            2022,
            _MET,
            "Kompetenslyft i MIK för länets bibliotek, fysiskt och digitalt.",
            "1 360 deltagare (demovärde).",
        ),
        _rbs(
            _RBS_COMPETENCE,
            2023,
            _PARTLY,
            "Fortbildning i ledarskap för bibliotekschefer och i MIK för personalen.",
            "1 290 deltagare (demovärde), strax under målet 1 300.",
            "Planen för 2024–2027 bygger vidare på kompetenslyftet i MIK.",
        ),
    ),
)

_COLLABORATION_MEDIA = "Ett brett, kvalitetssäkrat och kostnadsfritt medieutbud"
_COLLABORATION_DIGITAL = "Användarvänliga digitala folkbibliotekstjänster"
_COLLABORATION_COMPETENCE = "Stöd från biblioteket i att utveckla digital kompetens och delaktighet"

_STOCKHOLM_COLLABORATION_FOLLOW_UP = FollowUpSeed(
    plan="stockholm-samverkan",
    rhythm=Rhythm.ANNUAL,
    years=(2022, 2023),
    author="regionstockholm-reporter",
    reviewer="regionstockholm-editor",
    indicators=(
        ItemIndicatorSeed(
            _COLLABORATION_COMPETENCE,
            "RBS-fortbildning",
            "regionbibliotek-stockholm",
            targets=(TargetSeed(2022, 1_300), TargetSeed(2023, 1_300)),
        ),
    ),
    assessments=(
        AssessmentSeed(
            _COLLABORATION_MEDIA,
            "2022",
            _APPROVED,
            _PARTLY,
            "Arbetsgruppen för medier har jämfört kommunernas e-medieavtal och inköpsregler.",
            "Utbudet skiljer sig mycket mellan kommunerna; en gemensam upphandling behövs.",
            "Gemensam upphandling av e-medier 2023.",
        ),
        AssessmentSeed(
            _COLLABORATION_DIGITAL,
            "2022",
            _APPROVED,
            _PARTLY,
            "Arbetsgruppen för digitala tjänster har kartlagt bibliotekens webbplatser och "
            "e-tjänster.",
            "Användarna möter olika inloggningar och villkor beroende på kommun.",
            "Ta fram gemensamma riktlinjer för inloggning och tillgänglighet.",
        ),
        AssessmentSeed(
            _COLLABORATION_COMPETENCE,
            "2022",
            _APPROVED,
            _MET,
            "Gemensamt material för bibliotekens stöd till invånare med digitala tjänster.",
            "Materialet används av bibliotek i 20 kommuner (demovärde).",
        ),
        AssessmentSeed(
            _COLLABORATION_MEDIA,
            "2023",
            _APPROVED,
            _MET,
            "Den gemensamma upphandlingen av e-medier är genomförd.",
            "Invånarna i alla kommuner i samverkan har samma e-medieutbud från årsskiftet.",
        ),
        AssessmentSeed(
            _COLLABORATION_DIGITAL,
            "2023",
            _APPROVED,
            _PARTLY,
            "Riktlinjer för inloggning och tillgänglighet är antagna av styrgruppen.",
            "Hälften av biblioteken har infört riktlinjerna (demovärde).",
            "Uppföljning av införandet i samverkans nästa arbetsplan.",
        ),
        AssessmentSeed(
            _COLLABORATION_COMPETENCE,
            "2023",
            _APPROVED,
            _MET,
            "Digitala drop in-tider på biblioteken med gemensam marknadsföring i länet.",
            "Drygt 4 000 besök på drop in-tiderna (demovärde).",
        ),
    ),
)


# --------------------------------------------------------------------------
# Seed 002: Stockholms stadsbibliotek, verksamhetsplan 2008 (tertial)
# --------------------------------------------------------------------------

_STH_YOUNGEST = (
    "Prioritera de allra yngsta barnen, 0-2 år, och deras föräldrar, i bibliotekets verksamhet"
)
_STH_CHILDREN = "Prioritera verksamhet för, med och av barn och ungdom"
_STH_ORGANISATION = (
    "En ny organisation införs under 2008 för att möjliggöra ökat öppethållande och "
    "verksamhetsutveckling"
)
_STH_FLOATING = (
    "Ett system med flytande mediebestånd och samordnad inköpsprocess för medier ska "
    "införas inom Stockholms stadsbibliotek"
)
_STH_COMPETENCE = (
    "Arbete inleds med att ta fram personliga kompetensutvecklingsplaner för alla medarbetare"
)
_STH_CULTURE = "Det lokala, fria kulturlivet synliggörs på stadens bibliotek"
_STH_PROCESSES = "Bibliotekens arbetsprocesser ska kartläggas och förbättras"
_STH_MEETING_PLACES = (
    "Biblioteken erbjuder mötesplatser för stadens invånare och finns där Stockholmarna "
    "väljer att mötas"
)
_STH_LITERATURE = (
    "Bli stockholmarnas självklara källa till dialog om litteratur, läsande och upplevelser"
)
_STH_ACCESSIBILITY = (
    "Tillgången till bibliotekens verksamhet förbättras för invånare med funktionshinder "
    "eller funktionsnedsättning"
)
_STH_QUALITY = "Modell för kvalitetsutveckling utformas och introduceras"

_STOCKHOLM_CITY_FOLLOW_UP = FollowUpSeed(
    plan="stockholm-vp-2008",
    rhythm=Rhythm.TERTIAL,
    years=(2008,),
    author="stockholm-reporter",
    reviewer="stockholm-editor",
    indicators=(
        ItemIndicatorSeed(
            _STH_MEETING_PLACES,
            "Besok01",
            "stockholms-stadsbibliotek",
            baseline=5_840_000,
            baseline_label="2007",
            targets=(TargetSeed(2008, 5_900_000, (2_100_000, 1_600_000)),),
        ),
        ItemIndicatorSeed(
            _STH_LITERATURE,
            "Utlan399",
            "stockholms-stadsbibliotek",
            baseline=6_900_000,
            baseline_label="2007",
            targets=(TargetSeed(2008, 7_000_000, (2_450_000, 2_000_000)),),
        ),
        ItemIndicatorSeed(
            _STH_CULTURE,
            "Publ199",
            "stockholms-stadsbibliotek",
            baseline=7_200,
            baseline_label="2007",
            targets=(TargetSeed(2008, 7_500, (2_500, 1_400)),),
        ),
    ),
    assessments=(
        # T1 2008
        AssessmentSeed(
            _STH_YOUNGEST,
            "T1 2008",
            _APPROVED,
            _PARTLY,
            "Babyrytmik och sagostunder för de minsta har startat på tolv stadsdelsbibliotek "
            "(demovärde).",
            "Välbesökt; flera tillfällen var fullbokade. Föräldrar frågar efter tider på helger.",
            "Lördagstider prövas på tre bibliotek i höst.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _STH_ORGANISATION,
            "T1 2008",
            _APPROVED,
            _PARTLY,
            "Den nya organisationen med områdesansvariga chefer är beslutad och bemanningen pågår.",
            "Fyra av sex områdeschefer är på plats (demovärde).",
            "Öppettiderna ses över när alla områden är bemannade.",
            forecast=_MET,
            progress=50,
        ),
        AssessmentSeed(
            _STH_FLOATING,
            "T1 2008",
            _APPROVED,
            _PARTLY,
            "En projektgrupp har kartlagt hur medierna transporteras mellan biblioteken.",
            "Transporterna behöver öka med ungefär en tredjedel för ett flytande bestånd "
            "(demovärde).",
            "Upphandla utökade medietransporter före införandet.",
            forecast=_PARTLY,
            progress=25,
        ),
        AssessmentSeed(
            _STH_COMPETENCE,
            "T1 2008",
            _APPROVED,
            _PARTLY,
            "En mall för personliga kompetensutvecklingsplaner är framtagen och cheferna har "
            "utbildats i att använda den.",
            "Planer finns för 30 procent av medarbetarna (demovärde).",
            "Planerna tas upp i medarbetarsamtalen under hösten.",
            forecast=_MET,
            progress=30,
        ),
        AssessmentSeed(
            _STH_CULTURE,
            "T1 2008",
            _APPROVED,
            _MET,
            "Program med lokala författare, musiker och föreningar på stadsdelsbiblioteken.",
            "2 650 arrangemang under tertialen (demovärde), fler än planerat.",
            forecast=_MET,
        ),
        # T2 2008
        AssessmentSeed(
            _STH_YOUNGEST,
            "T2 2008",
            _APPROVED,
            _MET,
            "Sommarens sagostunder i parkerna lockade många småbarnsfamiljer.",
            "Lördagstiderna är bokade till och med december.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _STH_ORGANISATION,
            "T2 2008",
            _APPROVED,
            _PARTLY,
            "Alla områdeschefer är på plats och de nya öppettiderna är beslutade.",
            "Kvällsöppet på åtta bibliotek från september (demovärde).",
            forecast=_MET,
            progress=90,
        ),
        AssessmentSeed(
            _STH_FLOATING,
            "T2 2008",
            _APPROVED,
            _PARTLY,
            "Utökade medietransporter är upphandlade; flytande bestånd prövas för "
            "vuxenlitteratur på fyra bibliotek.",
            "Försöket fungerar, men beståndet samlas på de största biblioteken.",
            "Regler för hur många medier ett bibliotek får ta emot innan de skickas vidare.",
            forecast=_PARTLY,
            progress=40,
            days_late=5,
        ),
        AssessmentSeed(
            _STH_COMPETENCE,
            "T2 2008",
            _APPROVED,
            _PARTLY,
            "Planer har tagits fram i medarbetarsamtalen.",
            "Planer finns för 65 procent av medarbetarna (demovärde).",
            forecast=_MET,
            progress=65,
        ),
        AssessmentSeed(
            _STH_PROCESSES,
            "T2 2008",
            _APPROVED,
            _PARTLY,
            "Processerna för mediehantering och fjärrlån är kartlagda.",
            "Kartläggningen visar fyra olika sätt att hantera reservationer (demovärde).",
            "En gemensam rutin för reservationer införs i höst.",
            forecast=_MET,
        ),
        # The year 2008
        AssessmentSeed(
            _STH_YOUNGEST,
            "2008",
            _APPROVED,
            _MET,
            "Verksamhet för de allra yngsta och deras föräldrar finns nu på alla "
            "stadsdelsbibliotek.",
            "Drygt 900 tillfällen under året (demovärde).",
            "Samarbetet med barnavårdscentralerna utvecklas 2009.",
        ),
        AssessmentSeed(
            _STH_CHILDREN,
            "2008",
            _APPROVED,
            _MET,
            "Eftermiddagsbibliotek, läxhjälp och ungdomsråd på flera bibliotek.",
            "Barn och unga har varit med och planerat verksamheten på sex bibliotek (demovärde).",
        ),
        AssessmentSeed(
            _STH_ORGANISATION,
            "2008",
            _APPROVED,
            _MET,
            "Den nya organisationen är införd och öppettiderna utökade.",
            "Det öppna biblioteket har ökat med 40 timmar i veckan totalt (demovärde).",
        ),
        AssessmentSeed(
            _STH_FLOATING,
            "2008",
            _APPROVED,
            _PARTLY,
            "Flytande bestånd är infört för vuxenlitteratur på alla bibliotek.",
            "Barnmedierna och det samordnade inköpet återstår.",
            "Införandet slutförs 2009.",
        ),
        AssessmentSeed(
            _STH_COMPETENCE,
            "2008",
            _APPROVED,
            _MET,
            "Alla chefer har gått igenom kompetensutvecklingsplanerna i medarbetarsamtalen.",
            "Planer finns för 92 procent av medarbetarna (demovärde).",
        ),
        AssessmentSeed(
            _STH_CULTURE,
            "2008",
            _APPROVED,
            _MET,
            "Lokala kulturaktörer har medverkat i programmet på alla stadsdelsbibliotek.",
            "7 680 arrangemang under året (demovärde), över målet 7 500.",
        ),
        AssessmentSeed(
            _STH_MEETING_PLACES,
            "2008",
            _APPROVED,
            _PARTLY,
            "Längre öppettider och nya sittplatser för studier på de stora biblioteken.",
            "5,89 miljoner besök (demovärde), strax under målet 5,9 miljoner.",
            "Besöken följs per bibliotek för att se var öppettiderna gör mest nytta.",
        ),
        AssessmentSeed(
            _STH_LITERATURE,
            "2008",
            _APPROVED,
            _PARTLY,
            "Bokcirklar och författarsamtal på 20 bibliotek (demovärde).",
            "6,985 miljoner utlån (demovärde), strax under målet 7 miljoner.",
        ),
        AssessmentSeed(
            _STH_ACCESSIBILITY,
            "2008",
            _APPROVED,
            _PARTLY,
            "Tillgänglighetsinventering av 18 av stadens bibliotek (demovärde); hörslingor i "
            "alla större lokaler.",
            "Inventeringen visar brister i entréer och skyltning på flera äldre bibliotek.",
            "Åtgärdsplan för entréerna tas fram med fastighetsägarna 2009.",
        ),
        AssessmentSeed(
            _STH_QUALITY,
            "2008",
            _APPROVED,
            _NOT_MET,
            "Arbetet med kvalitetsmodellen sköts upp medan den nya organisationen infördes.",
            "Ingen modell är framtagen.",
            "Arbetet startar om i början av 2009 med en grupp från tre bibliotek.",
        ),
    ),
)


# --------------------------------------------------------------------------
# Seed 003: Uppsala, biblioteksplan (annual) and Uppdrag 2011 (tertial)
# --------------------------------------------------------------------------

_UPP_READING = "Läsfrämjande verksamhet för barn och unga på alla stadsdelsbibliotek"
_UPP_GUIDANCE = "Vägledning i informationssökning för studerande och vuxna som lär"
_UPP_DEBATES = "Samtal och debatter om aktuella samhällsfrågor"
_UPP_BUSES = "Biblioteksbussarna når de delar av kommunen som saknar bibliotek"
_UPP_PROGRAMME = "Program tillsammans med det lokala kulturlivet"
_UPP_SCHOOLS = "Samarbete med skolor, föreningar och studieförbund i stadsdelarna"
_UPP_MARKETING = "En samlad plan för marknadsföring av bibliotekets tjänster"

_UPP_GOAL_LANGUAGE = "Språk- och läsutvecklingscentra"
_UPP_GOAL_KNOWLEDGE = "Stödja sökande efter kunskap och bildning"
_UPP_GOAL_WELCOMING = "Tillgängliga och välkomnande"
_UPP_GOAL_CULTURE = "Kulturcentra"

# The municipality's library plan is followed up through its indicators only:
# no demo account reports on Uppsala kommun's own plan, so the superuser, who
# wrote it, makes and closes its rounds.
_UPPSALA_LIBRARY_PLAN_FOLLOW_UP = FollowUpSeed(
    plan="uppsala-biblioteksplan",
    rhythm=Rhythm.ANNUAL,
    years=(2011, 2012),
    author=SUPERUSER_USERNAME,
    reviewer=SUPERUSER_USERNAME,
    indicators=(
        ItemIndicatorSeed(
            _UPP_GOAL_WELCOMING,
            "Besok01",
            "uppsala-stadsbibliotek",
            baseline=1_530_000,
            baseline_label="2010",
            targets=tuple(
                TargetSeed(year, value)
                for year, value in (
                    (2011, 1_550_000),
                    (2012, 1_560_000),
                    (2013, 1_570_000),
                    (2014, 1_580_000),
                )
            ),
        ),
        ItemIndicatorSeed(
            _UPP_GOAL_LANGUAGE,
            "Utlan399",
            "uppsala-stadsbibliotek",
            baseline=2_480_000,
            baseline_label="2010",
            targets=tuple(TargetSeed(year, 2_500_000) for year in (2011, 2012, 2013, 2014)),
        ),
        ItemIndicatorSeed(
            _UPP_GOAL_CULTURE,
            "Publ199",
            "uppsala-stadsbibliotek",
            baseline=1_650,
            baseline_label="2010",
            targets=tuple(
                TargetSeed(year, value)
                for year, value in ((2011, 1_800), (2012, 1_850), (2013, 1_900), (2014, 1_950))
            ),
        ),
        ItemIndicatorSeed(
            _UPP_GOAL_KNOWLEDGE,
            "Aktiv99",
            "uppsala-stadsbibliotek",
            baseline=61_500,
            baseline_label="2010",
            targets=tuple(
                TargetSeed(year, value)
                for year, value in ((2011, 62_000), (2012, 62_500), (2013, 63_000), (2014, 63_500))
            ),
        ),
    ),
)

_UPPSALA_ASSIGNMENT_FOLLOW_UP = FollowUpSeed(
    plan="uppsala-uppdrag-2011",
    rhythm=Rhythm.TERTIAL,
    years=(2011,),
    author="uppsala-editor",
    reviewer="uppsala-kulturnamnden",
    indicators=(
        ItemIndicatorSeed(
            _UPP_GOAL_WELCOMING,
            "Besok01",
            "uppsala-stadsbibliotek",
            baseline=1_530_000,
            baseline_label="2010",
            targets=(TargetSeed(2011, 1_550_000, (560_000, 430_000)),),
        ),
        ItemIndicatorSeed(
            _UPP_GOAL_LANGUAGE,
            "Utlan399",
            "uppsala-stadsbibliotek",
            baseline=2_480_000,
            baseline_label="2010",
            targets=(TargetSeed(2011, 2_500_000, (900_000, 700_000)),),
        ),
        ItemIndicatorSeed(
            _UPP_PROGRAMME,
            "Publ199",
            "uppsala-stadsbibliotek",
            baseline=1_650,
            baseline_label="2010",
            targets=(TargetSeed(2011, 1_800, (700, 300)),),
        ),
        ItemIndicatorSeed(
            _UPP_GOAL_KNOWLEDGE,
            "Aktiv99",
            "uppsala-stadsbibliotek",
            baseline=61_500,
            baseline_label="2010",
            targets=(TargetSeed(2011, 62_000),),
        ),
    ),
    assessments=(
        # T1 2011
        AssessmentSeed(
            _UPP_READING,
            "T1 2011",
            _APPROVED,
            _PARTLY,
            "Bokprat för alla årskurs 4 och sagostunder på tio av tolv stadsdelsbibliotek "
            "(demovärde).",
            "Två bibliotek saknar personal med barnkompetens under våren.",
            "Barnbibliotekarierna turnerar till de två biblioteken i höst.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _UPP_DEBATES,
            "T1 2011",
            _APPROVED,
            _MET,
            "Fyra samtalskvällar om aktuella samhällsfrågor på Stadsbiblioteket.",
            "I genomsnitt 60 deltagare per kväll (demovärde).",
            forecast=_MET,
        ),
        AssessmentSeed(
            _UPP_BUSES,
            "T1 2011",
            _APPROVED,
            _MET,
            "Biblioteksbussarna kör enligt turlistan med 38 hållplatser (demovärde).",
            "Nya hållplatser vid två förskolor i kommunens norra del.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _UPP_PROGRAMME,
            "T1 2011",
            _APPROVED,
            _MET,
            "Program med lokala föreningar, kulturskolan och författare från länet.",
            "712 arrangemang under tertialen (demovärde).",
            forecast=_MET,
        ),
        AssessmentSeed(
            _UPP_MARKETING,
            "T1 2011",
            _APPROVED,
            _PARTLY,
            "Arbetet med en samlad marknadsföringsplan har startat med en enkät till besökarna.",
            "Besökarna hittar information om programmen främst via affischer på biblioteken.",
            "Planen ska också omfatta webbplatsen och lokalpressen.",
            forecast=_MET,
            progress=25,
        ),
        # T2 2011
        AssessmentSeed(
            _UPP_READING,
            "T2 2011",
            _APPROVED,
            _MET,
            "Sommarboken för barn på alla bibliotek och bokbussar.",
            "1 150 barn läste minst fem böcker i Sommarboken (demovärde).",
            forecast=_MET,
        ),
        AssessmentSeed(
            _UPP_GUIDANCE,
            "T2 2011",
            _APPROVED,
            _PARTLY,
            "Drop in-handledning i informationssökning två kvällar i veckan.",
            "Lågt deltagande under sommaren; fler under augusti när studierna började.",
            "Handledningen marknadsförs hos vuxenutbildningen i höst.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _UPP_BUSES,
            "T2 2011",
            _APPROVED,
            _PARTLY,
            "Den ena bussen stod på verkstad i tre veckor i juni (demovärde).",
            "Ett tjugotal turer ställdes in.",
            "En reservplan för turerna tas fram med kommunens fordonsenhet.",
            forecast=_MET,
            days_late=3,
        ),
        AssessmentSeed(
            _UPP_SCHOOLS,
            "T2 2011",
            _APPROVED,
            _PARTLY,
            "Överenskommelser med skolorna i fyra stadsdelar om klassbesök.",
            "Studieförbunden vill samarbeta men saknar lokaler; biblioteken kan erbjuda sina.",
            forecast=_MET,
        ),
        AssessmentSeed(
            _UPP_MARKETING,
            "T2 2011",
            _APPROVED,
            _PARTLY,
            "Ett förslag till marknadsföringsplan är skrivet och remitterat till "
            "stadsdelsbiblioteken.",
            "Remissvaren efterfrågar gemensam grafisk profil.",
            forecast=_MET,
            progress=60,
        ),
        # The year 2011
        AssessmentSeed(
            _UPP_READING,
            "2011",
            _APPROVED,
            _MET,
            "Läsfrämjande verksamhet för barn och unga på alla stadsdelsbibliotek under hösten.",
            "Alla bibliotek har haft bokprat och sagostunder; utlånen av barnböcker ökade.",
        ),
        AssessmentSeed(
            _UPP_GUIDANCE,
            "2011",
            _APPROVED,
            _MET,
            "Handledning i informationssökning för vuxenutbildningens studerande varje vecka.",
            "Drygt 600 handledningstillfällen under året (demovärde).",
        ),
        AssessmentSeed(
            _UPP_DEBATES,
            "2011",
            _APPROVED,
            _MET,
            "Tolv samtalskvällar, bland annat inför kommunens arbete med ny översiktsplan.",
            "Samtalen har fått uppmärksamhet i lokalpressen.",
        ),
        AssessmentSeed(
            _UPP_BUSES,
            "2011",
            _APPROVED,
            _PARTLY,
            "Bussarna har kört hela året utom tre veckor i juni.",
            "Besöken i bussarna var ungefär som 2010.",
            "Turlistan ses över 2012 så att fler hållplatser ligger vid skolor.",
        ),
        AssessmentSeed(
            _UPP_PROGRAMME,
            "2011",
            _APPROVED,
            _MET,
            "Program med det lokala kulturlivet på alla stadsdelsbibliotek.",
            "1 875 arrangemang under året (demovärde), över målet 1 800.",
        ),
        AssessmentSeed(
            _UPP_SCHOOLS,
            "2011",
            _APPROVED,
            _PARTLY,
            "Samarbete med skolor i sex stadsdelar och med två studieförbund.",
            "Samarbetet med föreningarna har inte kommit igång.",
            "Föreningarna bjuds in till ett gemensamt möte i början av 2012.",
        ),
        AssessmentSeed(
            _UPP_MARKETING,
            "2011",
            _APPROVED,
            _MET,
            "Marknadsföringsplanen är antagen och en gemensam grafisk profil tagen i bruk.",
            "",
            "Planen följs upp i uppdragsplanen för 2012.",
        ),
    ),
)


# --------------------------------------------------------------------------
# Seed 004: Region Kalmar län (annual)
# --------------------------------------------------------------------------

_KALMAR_READING = "Läsfrämjande och språklig mångfald"
_KALMAR_DIGITAL = "Digital delaktighet och digital omvandling"
_KALMAR_ACCESSIBILITY = "Tillgänglighet"
_KALMAR_COOPERATION = "Fördjupad samverkan mellan folkbiblioteken"

_KALMAR_TRAINING_READING = "Fortbildningsdag om läsfrämjande för folkbibliotekspersonalen"
_KALMAR_LANGUAGES = "Nätverk för arbetet med medier på flera språk"
_KALMAR_TRAINING_MIK = "Fortbildning i digital delaktighet och MIK"
_KALMAR_DIGITAL_NETWORK = "Nätverksträffar om bibliotekens digitala tjänster"
_KALMAR_SUPPORT = "Konsultativt stöd till biblioteken i tillgänglighetsarbetet"
_KALMAR_CHIEFS = "Nätverksträffar för länets bibliotekschefer"
_KALMAR_TRANSPORT = "Ekonomiskt stöd till medietransporter mellan länets bibliotek"
_KALMAR_DATABASES = "Ekonomiskt stöd till gemensamma databaser"

# The strategy's follow-up belongs to the region's own process: the demo only
# shows its rounds.
_KALMAR_STRATEGY_FOLLOW_UP = FollowUpSeed(
    plan="kalmar-rus",
    rhythm=Rhythm.ANNUAL,
    years=(2019, 2020),
    author="kalmar-admin",
    reviewer="kalmar-admin",
)


def _kalmar_targets(*values: int) -> tuple[TargetSeed, ...]:
    return tuple(
        TargetSeed(year, value)
        for year, value in zip((2022, 2023, 2024, 2025), values, strict=True)
    )


def _region(item: str, year: int, state: str, status: str, done: str, results: str = ""):
    return AssessmentSeed(item, str(year), state, status, done, results)


_KALMAR_REGIONAL_FOLLOW_UP = FollowUpSeed(
    plan="kalmar-rbp",
    rhythm=Rhythm.ANNUAL,
    years=(2022, 2023, 2024, 2025),
    author="kalmar-admin",
    reviewer="kalmar-admin",
    open_rounds=("2025",),
    indicators=(
        ItemIndicatorSeed(
            _KALMAR_READING,
            "KLR-fortbildning-lasframjande",
            "kalmar-biblioteksutveckling",
            baseline=52,
            baseline_label="2021",
            targets=_kalmar_targets(60, 60, 60, 60),
        ),
        ItemIndicatorSeed(
            _KALMAR_DIGITAL,
            "KLR-fortbildning-mik",
            "kalmar-biblioteksutveckling",
            baseline=40,
            baseline_label="2021",
            targets=_kalmar_targets(50, 50, 60, 60),
        ),
        ItemIndicatorSeed(
            _KALMAR_COOPERATION,
            "KLR-chefsnatverk",
            "kalmar-biblioteksutveckling",
            targets=_kalmar_targets(4, 4, 4, 4),
        ),
    ),
    assessments=(
        _region(
            _KALMAR_READING,
            2022,
            _APPROVED,
            _MET,
            "Fortbildningsdag om läsfrämjande och ett nätverk för medier på flera språk.",
            "61 deltagare i fortbildningen (demovärde).",
        ),
        _region(
            _KALMAR_DIGITAL,
            2022,
            _APPROVED,
            _PARTLY,
            "Fortbildning i digital delaktighet för personalen i sju kommuner (demovärde).",
            "47 deltagare (demovärde) mot målet 50.",
        ),
        _region(
            _KALMAR_ACCESSIBILITY,
            2022,
            _APPROVED,
            _PARTLY,
            "Konsultativt stöd till tre bibliotek om anpassade medier och lokaler.",
        ),
        _region(
            _KALMAR_COOPERATION,
            2022,
            _APPROVED,
            _MET,
            "Fyra nätverksträffar för bibliotekscheferna; medietransporterna har fortsatt.",
        ),
        _region(
            _KALMAR_READING,
            2023,
            _APPROVED,
            _MET,
            "Två fortbildningsdagar om läsfrämjande, en av dem om flerspråkiga barnböcker.",
            "71 deltagare (demovärde).",
        ),
        _region(
            _KALMAR_DIGITAL,
            2023,
            _APPROVED,
            _MET,
            "Fortbildning i MIK med en gemensam studiecirkel för personalen.",
            "62 deltagare (demovärde).",
        ),
        _region(
            _KALMAR_ACCESSIBILITY,
            2023,
            _APPROVED,
            _MET,
            "Stöd till alla länets kommuner att ta fram tillgänglighetsredogörelser för "
            "bibliotekens webbplatser.",
        ),
        _region(
            _KALMAR_COOPERATION,
            2023,
            _APPROVED,
            _MET,
            "En gemensam databas för hela länet upphandlades med regionens stöd.",
        ),
        _region(
            _KALMAR_READING,
            2024,
            _APPROVED,
            _PARTLY,
            "En fortbildningsdag om läsfrämjande; den andra ställdes in.",
            "55 deltagare (demovärde) mot målet 60.",
        ),
        _region(
            _KALMAR_DIGITAL,
            2024,
            _APPROVED,
            _MET,
            "Fortbildning om AI-tjänster och källkritik för folkbibliotekspersonalen.",
            "66 deltagare (demovärde).",
        ),
        _region(
            _KALMAR_ACCESSIBILITY,
            2024,
            _APPROVED,
            _PARTLY,
            "Stöd till fem bibliotek om talböcker och anpassade medier (demovärde).",
        ),
        _region(
            _KALMAR_COOPERATION,
            2024,
            _APPROVED,
            _PARTLY,
            "Tre nätverksträffar för bibliotekscheferna; den fjärde flyttades till 2025.",
        ),
        # 2025: the report back on the plan's last year is being written.
        _region(
            _KALMAR_READING,
            2025,
            _APPROVED,
            _MET,
            "Två fortbildningsdagar om läsfrämjande och ett aktivt nätverk för medier på flera "
            "språk.",
            "64 deltagare i fortbildningen (demovärde).",
        ),
        _region(
            _KALMAR_DIGITAL,
            2025,
            _APPROVED,
            _PARTLY,
            "Fortbildning i digital delaktighet och MIK och nätverksträffar om digitala tjänster.",
            "57 deltagare i fortbildningen (demovärde) mot målet 60.",
        ),
        _region(
            _KALMAR_ACCESSIBILITY,
            2025,
            _SUBMITTED,
            _PARTLY,
            "Konsultativt stöd till biblioteken i tillgänglighetsarbetet, särskilt inför "
            "tillgänglighetskraven på e-tjänster.",
        ),
        _region(
            _KALMAR_COOPERATION,
            2025,
            _DRAFT,
            _MET,
            "Fyra nätverksträffar för bibliotekscheferna; stöd till medietransporter och "
            "gemensamma databaser.",
        ),
    ),
)

_KALMAR_OPERATIONAL_FOLLOW_UP = FollowUpSeed(
    plan="kalmar-vp-2025",
    rhythm=Rhythm.ANNUAL,
    years=(2025,),
    author="kalmar-reporter",
    reviewer="kalmar-editor",
    open_rounds=("2025",),
    # Fokusområde → Aktivitet: the second level is followed up as activities.
    activity_from_level=2,
    indicators=(
        ItemIndicatorSeed(
            _KALMAR_TRAINING_READING,
            "KLR-fortbildning-lasframjande",
            "kalmar-biblioteksutveckling",
            baseline=55,
            baseline_label="2024",
            targets=(TargetSeed(2025, 60),),
        ),
        ItemIndicatorSeed(
            _KALMAR_TRAINING_MIK,
            "KLR-fortbildning-mik",
            "kalmar-biblioteksutveckling",
            baseline=66,
            baseline_label="2024",
            targets=(TargetSeed(2025, 60),),
        ),
        ItemIndicatorSeed(
            _KALMAR_CHIEFS,
            "KLR-chefsnatverk",
            "kalmar-biblioteksutveckling",
            baseline=3,
            baseline_label="2024",
            targets=(TargetSeed(2025, 4),),
        ),
    ),
    assessments=(
        AssessmentSeed(
            _KALMAR_TRAINING_READING,
            "2025",
            _APPROVED,
            _DONE,
            "Genomförde två fortbildningsdagar om läsfrämjande med 64 deltagare (demovärde).",
            "Deltagarna gav dagarna 4,5 av 5 i utvärderingen (demovärde). Personal från nio av "
            "länets tolv kommuner deltog.",
            "Nästa år en dag om läsfrämjande för vuxna, som deltagarna har efterfrågat.",
        ),
        AssessmentSeed(
            _KALMAR_LANGUAGES,
            "2025",
            _APPROVED,
            _ONGOING,
            "Nätverket har träffats tre gånger och tagit fram en gemensam lista över leverantörer "
            "av medier på arabiska, somaliska och ukrainska.",
            "Fler bibliotek köper nu in medier på flera språk, men utbudet på "
            "minoritetsspråken är fortfarande litet.",
            "Nätverket fortsätter 2026 med fokus på de nationella minoritetsspråken.",
        ),
        AssessmentSeed(
            _KALMAR_TRAINING_MIK,
            "2025",
            _SUBMITTED,
            _DONE,
            "Tre halvdagar om digital delaktighet och MIK, en av dem om AI och källkritik.",
            "57 deltagare (demovärde), något under målet 60.",
            "Halvdagarna spelas in så att fler kan ta del av dem.",
        ),
        AssessmentSeed(
            _KALMAR_DIGITAL_NETWORK,
            "2025",
            _RETURNED,
            _ONGOING,
            "Fyra nätverksträffar om bibliotekens digitala tjänster.",
            comment=(
                "Beskriv också vad nätverket kom fram till om e-tjänsterna, inte bara hur många "
                "träffar som hölls."
            ),
        ),
        AssessmentSeed(
            _KALMAR_SUPPORT,
            "2025",
            _DRAFT,
            _ONGOING,
            "Stöd till sex bibliotek (demovärde) om anpassade medier och tillgängliga lokaler.",
        ),
        AssessmentSeed(
            _KALMAR_CHIEFS,
            "2025",
            _APPROVED,
            _DONE,
            "Fyra nätverksträffar för länets bibliotekschefer, varav en i Kalmar och tre digitala.",
            "Cheferna har enats om gemensamma riktlinjer för meröppna bibliotek.",
        ),
        AssessmentSeed(
            _KALMAR_TRANSPORT,
            "2025",
            _APPROVED,
            _DONE,
            "Regionen har finansierat medietransporterna mellan länets bibliotek hela året.",
            "Transporterna har gått två gånger i veckan till alla kommuner.",
        ),
        AssessmentSeed(
            _KALMAR_READING,
            "2025",
            _APPROVED,
            _MET,
            "Båda aktiviteterna inom fokusområdet är genomförda eller pågår enligt plan.",
            "",
            author="kalmar-editor",
            reviewer="kalmar-admin",
        ),
    ),
)

# This year's follow-up of Kalmar's operational plan, carried on to the year the demo
# is loaded in: written and approved so far, so that starting next year's plan from
# the start page has something to carry over. Two activities are unfinished (the
# network for media in several languages, ongoing, and the consultative support,
# not started) and one approved follow-up names an improvement; the rest are done.
_KALMAR_THIS_YEAR = (
    AssessmentSeed(
        _KALMAR_TRAINING_READING,
        "",
        _APPROVED,
        _DONE,
        "Två fortbildningsdagar om läsfrämjande, en av dem om läsning för vuxna, med 68 "
        "deltagare (demovärde).",
    ),
    AssessmentSeed(
        _KALMAR_LANGUAGES,
        "",
        _APPROVED,
        _ONGOING,
        "Nätverket har träffats två gånger och börjat kartlägga utbudet på de nationella "
        "minoritetsspråken.",
        "Utbudet på finska och meänkieli har ökat något; på samiska och romani är det "
        "fortfarande litet.",
        "Starta läsecirklar på de nationella minoritetsspråken tillsammans med folkbiblioteken.",
    ),
    AssessmentSeed(
        _KALMAR_TRAINING_MIK,
        "",
        _APPROVED,
        _DONE,
        "Tre halvdagar om digital delaktighet och MIK, inspelade så att fler kan ta del av dem.",
    ),
    AssessmentSeed(
        _KALMAR_DIGITAL_NETWORK,
        "",
        _APPROVED,
        _DONE,
        "Fyra nätverksträffar; nätverket enades om gemensamma råd om bibliotekens e-tjänster.",
    ),
    AssessmentSeed(
        _KALMAR_SUPPORT,
        "",
        _APPROVED,
        _NOT_STARTED,
        "Stödet sköts upp i väntan på en ny tjänst som konsulent.",
    ),
    AssessmentSeed(
        _KALMAR_CHIEFS,
        "",
        _APPROVED,
        _DONE,
        "Fyra nätverksträffar för länets bibliotekschefer.",
    ),
    AssessmentSeed(
        _KALMAR_TRANSPORT,
        "",
        _APPROVED,
        _DONE,
        "Medietransporterna har gått två gånger i veckan till alla kommuner hela året.",
    ),
    AssessmentSeed(
        _KALMAR_DATABASES,
        "",
        _APPROVED,
        _DONE,
        "Regionen har finansierat länets gemensamma databaser hela året.",
    ),
)

#: The follow-up of carried-on plans in the year the demo is loaded in, by plan key:
#: written into that year's year-end round when the loader makes it (`round` is
#: left empty). The reviewer and default author are those of the plan's FollowUpSeed.
THIS_YEAR_ASSESSMENTS: dict[str, tuple[AssessmentSeed, ...]] = {
    "kalmar-vp-2025": _KALMAR_THIS_YEAR,
}

FOLLOW_UP_PLANS = (
    _SUB_FOLLOW_UP,
    _STOCKHOLM_REGIONAL_FOLLOW_UP,
    _STOCKHOLM_COLLABORATION_FOLLOW_UP,
    _STOCKHOLM_CITY_FOLLOW_UP,
    _UPPSALA_LIBRARY_PLAN_FOLLOW_UP,
    _UPPSALA_ASSIGNMENT_FOLLOW_UP,
    _KALMAR_STRATEGY_FOLLOW_UP,
    _KALMAR_REGIONAL_FOLLOW_UP,
    _KALMAR_OPERATIONAL_FOLLOW_UP,
)

FOLLOW_UP_SEEDS = FollowUpSeeds(
    indicators=INDICATORS, measurements=MEASUREMENTS, plans=FOLLOW_UP_PLANS
)
