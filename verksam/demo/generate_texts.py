"""The words a generated data set is drawn from: place names, themes, goals, activities,
follow-up texts, people's names and indicators, and how often each status is drawn.
"""

from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus
from verksam.indicators.choices import IndicatorSource
from verksam.plans.choices import PriorityGroup

#: Sweden's counties: code, the region's name, the county's name, municipalities.
COUNTIES: tuple[tuple[str, str, str, int], ...] = (
    ("01", "Region Stockholm", "Stockholms län", 26),
    ("03", "Region Uppsala", "Uppsala län", 8),
    ("04", "Region Sörmland", "Södermanlands län", 9),
    ("05", "Region Östergötland", "Östergötlands län", 13),
    ("06", "Region Jönköpings län", "Jönköpings län", 13),
    ("07", "Region Kronoberg", "Kronobergs län", 8),
    ("08", "Region Kalmar län", "Kalmar län", 12),
    ("09", "Region Gotland", "Gotlands län", 1),
    ("10", "Region Blekinge", "Blekinge län", 5),
    ("12", "Region Skåne", "Skåne län", 33),
    ("13", "Region Halland", "Hallands län", 6),
    ("14", "Västra Götalandsregionen", "Västra Götalands län", 49),
    ("17", "Region Värmland", "Värmlands län", 16),
    ("18", "Region Örebro län", "Örebro län", 12),
    ("19", "Region Västmanland", "Västmanlands län", 10),
    ("20", "Region Dalarna", "Dalarnas län", 15),
    ("21", "Region Gävleborg", "Gävleborgs län", 10),
    ("22", "Region Västernorrland", "Västernorrlands län", 7),
    ("23", "Region Jämtland Härjedalen", "Jämtlands län", 8),
    ("24", "Region Västerbotten", "Västerbottens län", 15),
    ("25", "Region Norrbotten", "Norrbottens län", 14),
)

PLACE_STARTS = (
    "Alm", "Ask", "Berg", "Björk", "Bro", "Dal", "Ek", "Fager", "Gran", "Hag", "Hed",
    "Holm", "Lind", "Ljung", "Lo", "Mal", "Norr", "Sand", "Sjö", "Skog", "Sten", "Strand",
    "Sund", "Söder", "Tall", "Vall", "Väster", "Öster", "Ny", "Gull", "Hassel", "Kvarn",
    "Lax", "Mark", "Ram", "Rönn", "Säl", "Torp", "Ulv", "Al",
)  # fmt: skip
PLACE_ENDS = (
    "by", "berg", "dal", "fors", "holm", "hult", "köping", "lund", "näs", "stad", "sund",
    "vik", "å", "ås", "ryd", "tuna", "mora", "sjö", "bo", "fred",
)  # fmt: skip
FOCUS_THEMES = (
    "Läsfrämjande",
    "Digital delaktighet",
    "Demokrati och fri åsiktsbildning",
    "Biblioteket som mötesplats",
    "Medie- och informationskunnighet",
    "Barn och unga",
    "Tillgänglighet för alla",
    "Nationella minoriteter och flerspråkighet",
    "Kompetensutveckling",
    "Samverkan",
    "Hållbar utveckling",
    "Folkbildning och livslångt lärande",
)
GROUPS = (
    ("barn", PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE),
    ("unga", PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE),
    ("förskolebarn", PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE),
    ("personer med funktionsnedsättning", PriorityGroup.PEOPLE_WITH_DISABILITIES),
    ("personer med läsnedsättning", PriorityGroup.PEOPLE_WITH_DISABILITIES),
    ("de nationella minoriteterna", PriorityGroup.NATIONAL_MINORITIES),
    ("personer med annat modersmål än svenska", PriorityGroup.OTHER_MOTHER_TONGUE),
    ("äldre", ""),
    ("vuxna studerande", ""),
    ("invånare på landsbygden", ""),
)
GOAL_TEMPLATES = (
    "Fler {group} läser regelbundet",
    "Alla {group} har tillgång till bibliotekets tjänster",
    "Ökad digital kompetens hos {group}",
    "Fler {group} deltar i bibliotekets program",
    "Biblioteket når {group} i hela kommunen",
    "Stärkt samverkan kring {group}",
    "{group} upplever biblioteket som en trygg mötesplats",
)
ACTIVITY_VERBS = (
    "Genomföra", "Starta", "Utveckla", "Erbjuda", "Kartlägga", "Utvärdera", "Planera", "Införa",
)  # fmt: skip
ACTIVITY_OBJECTS = (
    "bokprat i årskurs 4",
    "sagostunder på flera språk",
    "digital vägledning för seniorer",
    "läsecirklar för unga vuxna",
    "språkcaféer",
    "meröppet på filialen",
    "boklådor till förskolor",
    "en medarbetarenkät",
    "en skrivarverkstad",
    "Bokstartsbesök hos nyblivna föräldrar",
    "registrering för talböcker",
    "program på minoritetsspråk",
    "lovaktiviteter",
    "en användarundersökning",
    "kompetensdagar för personalen",
    "samarbete med skolbiblioteken",
    "uppsökande verksamhet",
    "en ny webbplats",
    "studiecirklar om källkritik",
    "bokbussens nya turlista",
)
DESCRIPTIONS = (
    "Genomförs tillsammans med kommunens skolor och förskolor.",
    "Följs upp i samband med årets verksamhetsberättelse.",
    "Insatsen finansieras delvis med statliga medel.",
    "Ansvaret delas mellan huvudbiblioteket och filialerna.",
    "Bygger på resultaten från förra årets användarundersökning.",
)
DONE = (
    "Genomfört enligt plan.",
    "Genomfört med vissa förseningar under sommaren.",
    "Delvis genomfört; resten flyttas till nästa år.",
    "Påbörjat, men personalbrist har bromsat arbetet.",
)
RESULTS = (
    "Fler besökare än förra året.",
    "Målgruppen nåddes i de flesta delar av kommunen.",
    "Deltagarna gav gott betyg i utvärderingen.",
    "Resultatet är svårt att bedöma innan statistiken är klar.",
)
IMPROVEMENTS = (
    "Samordna med skolbiblioteken tidigare under året.",
    "Marknadsföra aktiviteterna bredare.",
    "Se över öppettiderna på filialerna.",
    "",
)
FIRST_NAMES = (
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Elin", "Per",
    "Lena", "Mats", "Sofia", "Nils", "Eva", "Ali", "Fatima", "Jonas", "Ida", "Oskar",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Lindberg", "Holm", "Berg", "Sandberg", "Lund",
)  # fmt: skip
INDICATORS = (
    ("Besok01", "Fysiska besök", "besök", IndicatorSource.LIBRARY_STATISTICS, 60_000),
    ("Utlan399", "Fysiska utlån", "lån", IndicatorSource.LIBRARY_STATISTICS, 90_000),
    ("Publ199", "Arrangemang", "arrangemang", IndicatorSource.LIBRARY_STATISTICS, 300),
    ("Aktiv99", "Aktiva låntagare", "låntagare", IndicatorSource.LIBRARY_STATISTICS, 8_000),
    ("Oppet-vecka", "Öppettimmar per vecka", "timmar", IndicatorSource.MANUAL, 120),
    (
        "Digital-vagledning",
        "Deltagare i digital vägledning",
        "deltagare",
        IndicatorSource.MANUAL,
        400,
    ),
)
GOAL_STATUSES = (
    GoalStatus.MET,
    GoalStatus.PARTLY_MET,
    GoalStatus.NOT_MET,
    GoalStatus.NOT_ASSESSED,
)
GOAL_WEIGHTS = (50, 30, 12, 8)
ACTIVITY_STATUSES = (
    ActivityStatus.DONE,
    ActivityStatus.ONGOING,
    ActivityStatus.NOT_STARTED,
    ActivityStatus.STOPPED,
)
ACTIVITY_WEIGHTS = (60, 25, 10, 5)
OPEN_ROUND_STATES = (
    AssessmentState.APPROVED,
    AssessmentState.SUBMITTED,
    AssessmentState.DRAFT,
    AssessmentState.RETURNED,
)
OPEN_ROUND_WEIGHTS = (75, 12, 8, 5)
