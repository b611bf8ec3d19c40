"""Fetching values from KB's open data and from Kolada.

Both connectors read every page first and store only when all of them came
back whole: a fetch that fails at any point (the server refusing, a timeout, a
body that is not what the documentation promises) writes nothing and says why.
Requests time out, are retried with a growing pause on rate limiting (429,
honouring Retry-After) and on server errors, and are spaced by a polite
minimum interval. Stored values carry their provenance: source, address,
time of the fetch and licence.

KB (bibstat.kb.se, CC0): ``/data?term=KEY&limit=&offset=`` returns JSON-LD
observations, one per library and year, with the term key itself as the
property holding the value, and ``next`` while a page is full. Observations
name the library (its sigel) but not its municipality, so a municipality's
figure is the sum over the libraries of the organisations in Verksam that
hold its code and a library statistics id (sigel); the country's is the sum
over every public library.

Kolada (api.kolada.se/v3): ``/data/kpi/{kpi}/municipality/{id}/year/{years}``
returns ``values`` of ``{kpi, municipality, period, values: [{gender, value}]}``;
the next page is ``next_page`` or ``next_url``, depending on the version. A
county is ``00NN`` and the country ``0000`` there.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from verksam.organisations.areas import COUNTRY_CODE, AreaKind, get_area
from verksam.organisations.models import Organisation
from verksam.statistics.choices import ValueSource
from verksam.statistics.services import CC0, KOLADA_TERMS, NewValue, StoreReport, values_store

KB_TERM = re.compile(r"^[A-Za-z]+[0-9]+[A-Za-z0-9]*$")
KOLADA_KPI = re.compile(r"^[A-Z][0-9]{5}$")
MAX_PAGES = 500
#: Kolada answers at most this many years in one request.
KOLADA_YEARS_PER_REQUEST = 25
PUBLIC_LIBRARY = "Folkbibliotek"
#: The pause before a retry is BACKOFF × 2^(attempt − 1), and at most this long.
MAX_PAUSE = 60.0

#: Patched in tests so that retries do not wait.
sleep = time.sleep


class FetchError(Exception):
    """A fetch that cannot go on; its message says why, in the user's language."""


@dataclass
class FetchResult:
    source: str
    term: str
    area_code: str
    years: list[int]
    pages: int = 0
    stored: StoreReport = field(default_factory=StoreReport)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    def summary(self) -> str:
        span = f"{self.years[0]}–{self.years[-1]}" if self.years else ""
        if self.error:
            return _(
                "%(source)s %(term)s for %(area)s %(years)s failed, nothing written: %(error)s"
            ) % {
                "source": self.source,
                "term": self.term,
                "area": self.area_code,
                "years": span,
                "error": self.error,
            }
        return _(
            "%(source)s %(term)s for %(area)s %(years)s: %(pages)s pages, %(created)s new, "
            "%(replaced)s replaced, %(unchanged)s unchanged."
        ) % {
            "source": self.source,
            "term": self.term,
            "area": self.area_code,
            "years": span,
            "pages": self.pages,
            "created": self.stored.created,
            "replaced": self.stored.replaced,
            "unchanged": self.stored.unchanged,
        }


class PoliteClient:
    """GET JSON with a timeout, retries with back-off, and a minimum interval between calls."""

    def __init__(self, *, timeout: float | None = None) -> None:
        self.timeout = timeout if timeout is not None else settings.STATISTICS_TIMEOUT_SECONDS
        self.retries = settings.STATISTICS_RETRIES
        self.backoff = settings.STATISTICS_BACKOFF_SECONDS
        self.interval = settings.STATISTICS_MIN_INTERVAL_SECONDS
        self.client = httpx.Client(
            timeout=self.timeout,
            headers={"User-Agent": settings.STATISTICS_USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )
        self._last = 0.0
        self.requests = 0

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def _wait_turn(self) -> None:
        pause = self._last + self.interval - time.monotonic()
        if pause > 0:
            sleep(pause)
        self._last = time.monotonic()

    def get_json(self, url: str, params: dict | None = None) -> object:
        problem = ""
        for attempt in range(1, self.retries + 2):
            self._wait_turn()
            self.requests += 1
            retry_after = None
            try:
                response = self.client.get(url, params=params)
            except httpx.TimeoutException:
                problem = _("no answer within %(seconds)s seconds") % {"seconds": self.timeout}
            except httpx.HTTPError as error:
                problem = _("could not connect (%(error)s)") % {"error": type(error).__name__}
            else:
                if response.status_code == 200:
                    try:
                        return response.json()
                    except ValueError as error:
                        raise FetchError(
                            _("the answer from %(url)s is not JSON") % {"url": url}
                        ) from error
                if response.status_code == 429 or response.status_code >= 500:
                    problem = _("the server answered %(status)s") % {"status": response.status_code}
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                else:
                    raise FetchError(
                        _("the server answered %(status)s for %(url)s")
                        % {"status": response.status_code, "url": url}
                    )
            if attempt <= self.retries:
                pause = self.backoff * 2 ** (attempt - 1)
                sleep(min(MAX_PAUSE, max(pause, retry_after or 0)))
        raise FetchError(
            _("%(problem)s, also after %(retries)s retries")
            % {"problem": problem, "retries": self.retries}
        )


def _retry_after(header: str | None) -> float | None:
    try:
        return float(header) if header else None
    except ValueError:
        return None


def _decimal(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FetchError(_("%(where)s holds no number") % {"where": where})
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise FetchError(_("%(where)s holds no number") % {"where": where}) from error
    if not number.is_finite():
        raise FetchError(_("%(where)s holds no number") % {"where": where})
    return number


def _year(value: object, where: str) -> int:
    try:
        return int(str(value))
    except ValueError as error:
        raise FetchError(_("%(where)s holds no year") % {"where": where}) from error


# KB ---------------------------------------------------------------------------------------


def _sigels_of(area_code: str) -> set[str]:
    """The sigels of the organisations of a municipality and of every unit below them."""
    paths = list(
        Organisation.objects.filter(municipality_code=area_code).values_list("path", flat=True)
    )
    if not paths:
        return set()
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    sigels = (
        Organisation.objects.filter(below)
        .exclude(library_statistics_id="")
        .values_list("library_statistics_id", flat=True)
    )
    return {sigel.strip() for sigel in sigels}


def kb_observations(client: PoliteClient, term: str) -> tuple[list[dict], int]:
    """Every observation of a term, page by page; (observations, pages)."""
    url = settings.STATISTICS_KB_URL.rstrip("/") + "/data"
    params: dict | None = {"term": term, "limit": 100, "offset": 0}
    observations: list[dict] = []
    seen: set[str] = set()
    pages = 0
    while url:
        pages += 1
        if pages > MAX_PAGES:
            raise FetchError(_("more than %(count)s pages") % {"count": MAX_PAGES})
        body = client.get_json(url, params)
        if not isinstance(body, dict) or not isinstance(body.get("observations"), list):
            raise FetchError(_("the answer has no list of observations"))
        observations.extend(body["observations"])
        following = body.get("next")
        if not following:
            break
        if not isinstance(following, str):
            raise FetchError(_("the answer's next page is not an address"))
        url = urljoin(url, following)
        params = None
        if url in seen:
            raise FetchError(_("the pages lead round in a circle"))
        seen.add(url)
    return observations, pages


def kb_fetch(*, term: str, area_code: str, years: Iterable[int]) -> FetchResult:
    """Fetch a KB term for a municipality (its libraries' sum) or the country, and store it."""
    years = sorted(set(years))
    result = FetchResult("KB", term, area_code, years)
    try:
        if not KB_TERM.match(term):
            raise FetchError(_("%(term)s is not a term key of the statistics") % {"term": term})
        area = get_area(area_code)
        if area is None:
            raise FetchError(_("%(code)s is not an area code") % {"code": area_code})
        sigels: set[str] | None = None
        if area.kind == AreaKind.COUNTY:
            raise FetchError(
                _(
                    "KB's open data has no county figures; import the survey workbook or "
                    "fetch a Kolada key figure for counties"
                )
            )
        if area.kind == AreaKind.MUNICIPALITY:
            sigels = _sigels_of(area_code)
            if not sigels:
                raise FetchError(
                    _(
                        "no organisation of %(area)s has a library statistics id (sigel); "
                        "set it on the library's organisation, or import the survey workbook"
                    )
                    % {"area": area.name}
                )
        with PoliteClient() as client:
            observations, result.pages = kb_observations(client, term)
        sums: dict[int, Decimal] = defaultdict(Decimal)
        names: dict[int, list[str]] = defaultdict(list)
        for number, observation in enumerate(observations, start=1):
            where = _("observation %(number)s") % {"number": number}
            if not isinstance(observation, dict):
                raise FetchError(_("%(where)s is not an object") % {"where": where})
            library = observation.get("library")
            if not isinstance(library, dict) or not isinstance(library.get("@id"), str):
                raise FetchError(_("%(where)s names no library") % {"where": where})
            year = _year(observation.get("sampleYear"), where)
            if year not in years or observation.get("targetGroup") != PUBLIC_LIBRARY:
                continue
            sigel = library["@id"].rstrip("/").rsplit("/", 1)[-1]
            if sigels is not None and sigel not in sigels:
                continue
            if observation.get(term) is None:
                continue
            sums[year] += _decimal(observation[term], where)
            names[year].append(str(library.get("name", sigel)))
        values = [
            NewValue(term, area_code, year, total, ", ".join(sorted(names[year]))[:200])
            for year, total in sorted(sums.items())
        ]
        result.stored = values_store(
            values=values,
            source=ValueSource.LIBRARY_STATISTICS,
            origin=f"{settings.STATISTICS_KB_URL.rstrip('/')}/data?term={term}",
            licence=CC0,
        )
    except FetchError as error:
        result.error = str(error)
    return result


# Kolada -----------------------------------------------------------------------------------


def kolada_id(area_code: str) -> str:
    """Kolada's id of an area: municipalities as they are, counties 00NN, the country 0000."""
    if area_code == COUNTRY_CODE:
        return "0000"
    return area_code if len(area_code) == 4 else f"00{area_code}"


def kolada_fetch(*, term: str, area_code: str, years: Iterable[int]) -> FetchResult:
    """Fetch a Kolada KPI's total (gender T) for an area and years, and store it."""
    years = sorted(set(years))
    result = FetchResult("Kolada", term, area_code, years)
    try:
        if not KOLADA_KPI.match(term):
            raise FetchError(_("%(term)s is not a Kolada key figure id") % {"term": term})
        if get_area(area_code) is None:
            raise FetchError(_("%(code)s is not an area code") % {"code": area_code})
        base = settings.STATISTICS_KOLADA_URL.rstrip("/")
        wanted = kolada_id(area_code)
        found: dict[int, Decimal] = {}
        with PoliteClient() as client:
            for start in range(0, len(years), KOLADA_YEARS_PER_REQUEST):
                chunk = years[start : start + KOLADA_YEARS_PER_REQUEST]
                url = f"{base}/data/kpi/{term}/municipality/{wanted}/year/" + ",".join(
                    str(year) for year in chunk
                )
                seen = {url}
                while url:
                    result.pages += 1
                    if result.pages > MAX_PAGES:
                        raise FetchError(_("more than %(count)s pages") % {"count": MAX_PAGES})
                    body = client.get_json(url)
                    _kolada_page(body, term, wanted, set(chunk), found)
                    following = body.get("next_page") or body.get("next_url")
                    if not following:
                        break
                    if not isinstance(following, str):
                        raise FetchError(_("the answer's next page is not an address"))
                    url = urljoin(url, following)
                    if url in seen:
                        raise FetchError(_("the pages lead round in a circle"))
                    seen.add(url)
        result.stored = values_store(
            values=[
                NewValue(term, area_code, year, value) for year, value in sorted(found.items())
            ],
            source=ValueSource.KOLADA,
            origin=f"{base}/data/kpi/{term}/municipality/{wanted}",
            licence=KOLADA_TERMS,
        )
    except FetchError as error:
        result.error = str(error)
    return result


def _kolada_page(body, term: str, wanted: str, years: set[int], found: dict) -> None:
    if not isinstance(body, dict) or not isinstance(body.get("values"), list):
        raise FetchError(_("the answer has no list of values"))
    for number, item in enumerate(body["values"], start=1):
        where = _("value %(number)s") % {"number": number}
        if not isinstance(item, dict) or not isinstance(item.get("values"), list):
            raise FetchError(_("%(where)s is not a value of Kolada's form") % {"where": where})
        if item.get("kpi") != term or str(item.get("municipality")) != wanted:
            raise FetchError(_("%(where)s is for another key figure or area") % {"where": where})
        year = _year(item.get("period"), where)
        if year not in years:
            continue
        for gendered in item["values"]:
            if not isinstance(gendered, dict):
                raise FetchError(_("%(where)s is not a value of Kolada's form") % {"where": where})
            if gendered.get("gender") == "T" and gendered.get("value") is not None:
                found[year] = _decimal(gendered["value"], where)


def fetch(*, source: str, term: str, area_code: str, years: Iterable[int]) -> FetchResult:
    """Fetch from "kb" or "kolada"; the command, the task and the schedule call this."""
    if source == "kolada":
        return kolada_fetch(term=term, area_code=area_code, years=years)
    return kb_fetch(term=term, area_code=area_code, years=years)
