"""Helpers for the tests of the API: keys, query counting and a plan with follow-up."""

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from verksam.core.models import ApiToken
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.tests.builders import make_round
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.testing import Personas


def make_key(user, name: str = "Skript") -> str:
    """A new API key of `user`."""
    _token, key = ApiToken.objects.create_for(user=user, name=name)
    return key


def bearer(key: str) -> dict:
    """Test client keyword arguments that send `key` in the Authorization header."""
    return {"headers": {"Authorization": f"Bearer {key}"}}


def count_queries(client, url: str, **kwargs) -> int:
    """How many SQL queries one GET of `url` runs; it must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.content
    return len(queries)


@dataclass
class FollowUpData:
    """A published plan followed up in a round, with one approved and one submitted
    assessment, an indicator with a target and a measured value."""

    round: FollowUpRound
    approved: Assessment
    submitted: Assessment
    indicator: Indicator
    measurement: Measurement


def make_followup(p: Personas) -> FollowUpData:
    plan = p.published_plan
    top = plan.items.get(depth=0)
    child = plan.items.get(depth=1)
    followup_round = make_round(plan, is_year_end=True)
    approved = Assessment.objects.create(
        round=followup_round,
        item=top,
        status="met",
        progress=100,
        done="Godkänt arbete",
        state="approved",
    )
    submitted = Assessment.objects.create(
        round=followup_round,
        item=child,
        status="partly_met",
        progress=60,
        done="Inskickat men inte godkänt",
        state="submitted",
    )
    indicator = Indicator.objects.create(key="Besok01", name="Fysiska besök", unit="besök")
    use = ItemIndicator.objects.create(item=child, indicator=indicator, organisation=p.home)
    Target.objects.create(
        item_indicator=use, period_start=plan.period_start, period_end=plan.period_end, value=1000
    )
    measurement = Measurement.objects.create(
        indicator=indicator,
        organisation=p.home,
        period_start=plan.period_start,
        period_end=plan.period_end,
        value=1200,
    )
    return FollowUpData(
        round=followup_round,
        approved=approved,
        submitted=submitted,
        indicator=indicator,
        measurement=measurement,
    )
