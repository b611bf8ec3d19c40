"""A cached plan tree or public plan page shows every change at the next read, also when
the read is served by another process sharing the cache.

The cache is Django's Redis cache when REDIS_URL is set (CI sets it; the tests then
fail, never skip, when Redis does not answer), otherwise the local memory cache. The
"other process" is a second cache connection of the same configuration: what makes
an old entry unreachable is the key, made from versions read from the database.
"""

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse

from verksam.core.templatetags import fragment_cache
from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment, FollowUpSettings
from verksam.followup.tests.builders import make_round
from verksam.indicators.choices import ImportState
from verksam.indicators.imports import services as import_services
from verksam.indicators.models import Measurement, Target
from verksam.indicators.tests.builders import make_indicator, make_item_indicator
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution, Item
from verksam.public.selectors import public_plan_url
from verksam.testing import make_item, make_plan

YEAR = datetime.date.today().year


@pytest.fixture
def shared_cache(monkeypatch, settings):
    """The cache every process of the test shares: Redis when REDIS_URL is set."""
    url = os.environ.get("REDIS_URL", "")
    if url:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "verksam-tests",
            }
        }
        first = caches.create_connection("default")
        try:
            first.set("verksam-tests-ping", "1", 5)
        except Exception as error:  # any failure to reach Redis
            pytest.fail(f"REDIS_URL is set to {url}, but Redis does not answer there: {error}")
    else:
        first = caches.create_connection("default")
    monkeypatch.setattr(fragment_cache, "cache", first)
    return first


def _other_process(monkeypatch):
    """Serve the next reads from a fresh connection to the same cache."""
    monkeypatch.setattr(fragment_cache, "cache", caches.create_connection("default"))


@pytest.fixture
def site(personas):
    plan = make_plan(
        personas.home, title="Plan med cache", status=PlanStatus.ADOPTED, is_published=True
    )
    followup_round = make_round(
        plan,
        f"Helår {YEAR}",
        datetime.date(YEAR, 1, 1),
        datetime.date(YEAR, 12, 31),
        datetime.date(YEAR + 1, 1, 31),
        rhythm=Rhythm.CUSTOM,
    )
    focus = make_item(plan, "Läsfrämjande")
    goal = make_item(plan, "Fler barn läser", parent=focus)
    use = make_item_indicator(focus, make_indicator("Utlån"))
    target = Target.objects.create(
        item_indicator=use,
        period_start=followup_round.period_start,
        period_end=followup_round.period_end,
        value=Decimal(100),
    )
    measurement = Measurement.objects.create(
        indicator=use.indicator,
        organisation=plan.organisation,
        period_start=followup_round.period_start,
        period_end=followup_round.period_end,
        value=Decimal(100),
    )
    return {
        "plan": plan,
        "round": followup_round,
        "focus": focus,
        "goal": goal,
        "use": use,
        "target": target,
        "measurement": measurement,
        "personas": personas,
    }


def _status(site, name):
    return f'data-item="{site[name].pk}" data-status='


def approve(site):
    Assessment.objects.create(
        round=site["round"], item=site["goal"], status="not_met", state=AssessmentState.APPROVED
    )
    return f'data-item="{site["goal"].pk}" data-status="not_met"'


def reopen(site):
    assessment = site["approved"]
    assessment.state = AssessmentState.RETURNED
    assessment.save()
    return f'data-item="{site["goal"].pk}" data-status="not_assessed"'


def create_round(site):
    make_round(
        site["plan"],
        "Extra uppföljning",
        datetime.date(YEAR, 1, 1),
        datetime.date(YEAR + 1, 1, 31),
        datetime.date(YEAR + 1, 2, 28),
        rhythm=Rhythm.CUSTOM,
    )
    return "Extra uppföljning"


def delete_round(site):
    site["round"].delete()
    return None  # no status shown any more


def create_item(site):
    make_item(site["plan"], "Digital delaktighet")
    return "Digital delaktighet"


def move_item(site):
    goal = site["goal"]
    goal.parent, goal.depth = None, 0
    goal.save()
    return f'tree__item--depth-0" id="item-{goal.pk}"'


def delete_item(site):
    site["goal"].delete()
    return None


def restore_item(site):
    goal = site["goal"]
    values = {"id": goal.pk, "title": "Fler barn läser igen", "depth": 1, "position": 0}
    goal.delete()
    Item.objects.create(plan=site["plan"], parent=site["focus"], **values)
    return "Fler barn läser igen"


def rename_item(site):
    site["goal"].title = "Fler unga läser"
    site["goal"].save()
    return "Fler unga läser"


def change_target(site):
    site["target"].value = Decimal(1000)
    site["target"].save()
    return f'data-item="{site["focus"].pk}" data-status="not_met"'


def remove_indicator(site):
    site["use"].delete()
    return f'data-item="{site["focus"].pk}" data-status="not_assessed"'


def measure(site):
    site["measurement"].value = Decimal(10)
    site["measurement"].save()
    return f'data-item="{site["focus"].pk}" data-status="not_met"'


def add_indicator(site):
    """A second indicator on the focus area, measured far below its target."""
    use = make_item_indicator(site["focus"], make_indicator("Besök"))
    followup_round = site["round"]
    period = {"period_start": followup_round.period_start, "period_end": followup_round.period_end}
    Target.objects.create(item_indicator=use, value=Decimal(100), **period)
    Measurement.objects.create(
        indicator=use.indicator, organisation=site["plan"].organisation, value=Decimal(1), **period
    )
    return "1 underliggande punkt och 2 indikatorer"  # the derivation's explanation


def import_measurements(site):
    """The year's value replaced from a file, through the import the browser starts and the
    worker's task."""
    editor = site["personas"].editor
    content = (
        "organisation;indikator;period;värde\n"
        f"{site['plan'].organisation.name};{site['use'].indicator.key};{YEAR};10\n"
    ).encode()
    measurement_import = import_services.import_create(
        user=editor,
        organisation=site["plan"].organisation,
        file_name="värden.csv",
        content=content,
        file_format="csv",
    )
    assert import_services.import_validate(measurement_import=measurement_import).is_valid
    import_services.import_start(measurement_import=measurement_import, user=editor)
    assert import_services.import_execute(import_id=measurement_import.pk) == ImportState.DONE
    return f'data-item="{site["focus"].pk}" data-status="not_met"'


def change_thresholds(site):
    FollowUpSettings.objects.create(
        organisation=site["plan"].organisation, met_threshold=200, partly_met_threshold=150
    )
    return f'data-item="{site["focus"].pk}" data-status="not_met"'


def link_item(site):
    other = make_plan(
        site["personas"].home, title="Filialens plan", status=PlanStatus.ADOPTED, is_published=True
    )
    Contribution.objects.create(source=make_item(other, "Sagostunder"), target=site["focus"])
    return "Sagostunder"


def derive_plan(site):
    below = make_plan(
        site["personas"].home,
        title="Filialens nya plan",
        status=PlanStatus.ADOPTED,
        is_published=True,
    )
    below.derived_from.add(site["plan"])
    return "Filialens nya plan"


def add_section(site):
    site["plan"].sections.create(title="Bakgrund", body="Varför planen finns.", position=0)
    return "Varför planen finns."


CHANGES = [
    derive_plan,
    add_section,
    approve,
    reopen,
    create_round,
    delete_round,
    create_item,
    move_item,
    delete_item,
    restore_item,
    rename_item,
    change_target,
    remove_indicator,
    add_indicator,
    measure,
    import_measurements,
    change_thresholds,
    link_item,
]


def _page(client, site, which):
    """The page without its one-time form tokens, which differ on every answer."""
    if which == "plan page":
        client.force_login(site["personas"].reader)
        page = client.get(site["plan"].get_absolute_url()).content.decode()
    else:
        page = client.get(public_plan_url(site["plan"])).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


@pytest.mark.parametrize("which", ["plan page", "public plan page"])
@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_it_shows_each_change_at_the_next_read_in_another_process(
    client, site, shared_cache, monkeypatch, django_capture_on_commit_callbacks, which, change
):
    if change is reopen:
        site["approved"] = Assessment.objects.create(
            round=site["round"], item=site["goal"], status="met", state=AssessmentState.APPROVED
        )
    before = _page(client, site, which)
    assert _page(client, site, which) == before  # the second read comes from the cache
    goal_title = site["goal"].title

    with django_capture_on_commit_callbacks(execute=True):
        shown = change(site)
    _other_process(monkeypatch)
    after = _page(client, site, which)

    assert after != before
    if shown is None:
        assert "data-status=" not in after or goal_title not in after
    elif which == "public plan page" and shown.startswith("data-item="):
        # The public page names a status by its badge, in the round's table.
        status = shown.rsplit('"', 2)[1]
        assert after.count(f"status--{status}") > before.count(f"status--{status}")
    else:
        assert shown not in before
        assert shown in after


def test_it_serves_the_second_read_of_a_tree_from_the_cache(client, site, shared_cache):
    client.force_login(site["personas"].reader)
    client.get(site["plan"].get_absolute_url())
    Item.objects.filter(pk=site["goal"].pk).update(title="Ändrad förbi allt")  # no signal

    page = client.get(site["plan"].get_absolute_url()).content.decode()

    assert "Fler barn läser" in page and "Ändrad förbi allt" not in page


def test_it_keeps_a_draft_plan_uncached(client, site, shared_cache):
    plan = site["plan"]
    plan.status = PlanStatus.DRAFT
    plan.save()
    client.force_login(site["personas"].editor)
    client.get(plan.get_absolute_url())
    Item.objects.filter(pk=site["goal"].pk).update(title="Ändrad förbi allt")

    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()

    assert "Ändrad förbi allt" in page
