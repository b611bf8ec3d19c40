"""Who may read and change indicators, item indicators, targets and measurements; 404 otherwise."""

import pytest
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.indicators.permissions import (
    can_create_indicator,
    can_edit_indicator,
    indicator_for_user,
    measurement_for_user,
    measurement_organisation_for_user,
    owner_choices,
    visible_indicators,
)
from verksam.indicators.tests.builders import (
    make_indicator,
    make_item_indicator,
    make_measurement,
    make_target,
)
from verksam.organisations.choices import Role
from verksam.testing import make_member, make_organisation

EVERYONE = ("superuser", "admin", "editor", "reporter", "reader", "outsider", "anonymous")
HOME_MEMBERS = ("admin", "editor", "reporter", "reader")


@pytest.fixture
def indicators(personas):
    return {
        "shared": make_indicator("Fysiska besök", key="Besok01"),
        "home": make_indicator("Lovaktiviteter", organisation=personas.home),
        "group": make_indicator("Sagostunder", organisation=personas.work_group),
        "other": make_indicator("Regionala utbildningar", organisation=personas.other),
    }


def _visible(personas, indicators, name) -> set[str]:
    found = set(visible_indicators(personas.user(name)))
    return {key for key, indicator in indicators.items() if indicator in found}


@pytest.mark.parametrize("name", HOME_MEMBERS)
def test_it_shows_members_shared_indicators_and_those_of_their_organisations(
    personas, indicators, name
):
    assert _visible(personas, indicators, name) == {"shared", "home", "group"}


def test_it_shows_anonymous_visitors_only_shared_indicators(personas, indicators):
    assert _visible(personas, indicators, "anonymous") == {"shared"}


def test_it_shows_outsiders_shared_indicators_and_their_own(personas, indicators):
    assert _visible(personas, indicators, "outsider") == {"shared", "other"}


def test_it_shows_a_superuser_every_indicator(personas, indicators):
    assert _visible(personas, indicators, "superuser") == set(indicators)


def test_it_shows_members_of_a_unit_the_indicators_of_the_organisations_above(personas, indicators):
    group_member = make_member(personas.work_group, Role.READER)
    found = set(visible_indicators(group_member))
    assert found == {indicators["shared"], indicators["home"], indicators["group"]}
    assert indicator_for_user(group_member, indicators["home"].pk) == indicators["home"]


@pytest.mark.parametrize("name", EVERYONE)
def test_it_answers_each_persona_as_the_reading_rules_say(personas, indicators, name):
    user = personas.user(name)
    for key, indicator in indicators.items():
        if key in _visible(personas, indicators, name):
            assert indicator_for_user(user, indicator.pk) == indicator
        else:
            with pytest.raises(Http404):
                indicator_for_user(user, indicator.pk)


def test_it_answers_404_for_an_indicator_that_does_not_exist(personas):
    with pytest.raises(Http404):
        indicator_for_user(personas.superuser, 999_999)


@pytest.mark.parametrize(
    ("name", "editable"),
    [
        ("superuser", {"shared", "home", "group", "other"}),
        ("admin", {"home", "group"}),
        ("editor", {"home", "group"}),
        ("reporter", set()),
        ("reader", set()),
        ("outsider", {"other"}),
        ("anonymous", set()),
    ],
)
def test_it_lets_only_superusers_change_shared_and_editors_change_owned_indicators(
    personas, indicators, name, editable
):
    user = personas.user(name)
    assert {key for key, i in indicators.items() if can_edit_indicator(user, i)} == editable
    for key, indicator in indicators.items():
        if key in editable:
            assert indicator_for_user(user, indicator.pk, write=True) == indicator
        else:
            with pytest.raises(Http404):
                indicator_for_user(user, indicator.pk, write=True)


@pytest.mark.parametrize(
    ("name", "may_create"),
    [
        ("superuser", True),
        ("admin", True),
        ("editor", True),
        ("reporter", False),
        ("reader", False),
        ("outsider", True),
        ("anonymous", False),
    ],
)
def test_it_lets_superusers_and_editors_create_indicators(personas, name, may_create):
    assert can_create_indicator(personas.user(name)) is may_create


def test_it_offers_editors_their_organisations_and_the_units_below_as_owners(personas):
    assert set(owner_choices(personas.editor)) == {personas.home, personas.work_group}
    assert set(owner_choices(personas.outsider)) == {personas.other}
    assert not owner_choices(personas.reader).exists()
    assert not owner_choices(personas.anonymous).exists()
    make_organisation("Ny region", "region")
    assert owner_choices(personas.superuser).count() == 6


@pytest.mark.parametrize("name", ["superuser", *HOME_MEMBERS])
def test_it_lets_readers_of_the_organisation_read_its_measurements(personas, name):
    organisation = measurement_organisation_for_user(personas.user(name), personas.home.pk)
    assert organisation == personas.home
    assert measurement_organisation_for_user(personas.user(name), personas.work_group.pk)


@pytest.mark.parametrize("name", ["outsider", "anonymous"])
def test_it_hides_measurements_from_outside(personas, name):
    measurement = make_measurement(make_indicator(), personas.home)
    with pytest.raises(Http404):
        measurement_organisation_for_user(personas.user(name), personas.home.pk)
    with pytest.raises(Http404):
        measurement_for_user(personas.user(name), measurement.pk)


@pytest.mark.parametrize(
    ("name", "may_enter"),
    [
        ("superuser", True),
        ("admin", True),
        ("editor", True),
        ("reporter", True),
        ("reader", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_it_lets_reporters_and_above_enter_and_delete_measurements(personas, name, may_enter):
    user = personas.user(name)
    measurement = make_measurement(make_indicator(), personas.home)
    if may_enter:
        assert measurement_organisation_for_user(user, personas.home.pk, write=True)
        assert measurement_for_user(user, measurement.pk, write=True) == measurement
    else:
        with pytest.raises(Http404):
            measurement_organisation_for_user(user, personas.home.pk, write=True)
        with pytest.raises(Http404):
            measurement_for_user(user, measurement.pk, write=True)


def test_it_hides_the_organisations_above_from_their_units_members(personas):
    group_reporter = make_member(personas.work_group, Role.REPORTER)
    assert measurement_organisation_for_user(group_reporter, personas.work_group.pk, write=True)
    with pytest.raises(Http404):
        measurement_organisation_for_user(group_reporter, personas.home.pk)


# The pages answer 404 for what a persona may not change, and change nothing.


def _item_urls(personas):
    item = personas.draft_plan.items.get(depth=1)
    use = make_item_indicator(item, make_indicator())
    target = make_target(use)
    base = f"/indikatorer/punkt/{item.plan_id}/{item.pk}/"
    return item, use, target, base


@pytest.mark.parametrize("name", ["reporter", "reader", "outsider"])
def test_it_answers_404_to_item_indicator_pages_below_editor(client, personas, name):
    client.force_login(personas.user(name))
    item, use, target, base = _item_urls(personas)
    assert client.get(base).status_code == 404
    assert client.post(base, {"action": "add", "indicator": use.indicator_id}).status_code == 404
    assert client.post(f"{base}{use.pk}/ta-bort/").status_code == 404
    assert client.post(f"/indikatorer/malvarde/{target.pk}/ta-bort/").status_code == 404
    assert ItemIndicator.objects.count() == 1
    assert Target.objects.count() == 1


def test_it_answers_404_for_an_item_indicator_of_another_item(client, personas):
    client.force_login(personas.editor)
    item, use, target, base = _item_urls(personas)
    other_item = personas.draft_plan.items.get(depth=0)
    response = client.post(f"/indikatorer/punkt/{item.plan_id}/{other_item.pk}/{use.pk}/ta-bort/")
    assert response.status_code == 404
    assert ItemIndicator.objects.count() == 1


def test_it_sends_anonymous_visitors_to_log_in(client, personas):
    item, use, target, base = _item_urls(personas)
    for url in [
        base,
        "/indikatorer/ny/",
        f"/indikatorer/varden/{personas.home.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_it_answers_404_when_a_reader_posts_a_measurement(client, personas):
    client.force_login(personas.reader)
    indicator = make_indicator()
    url = f"/indikatorer/varden/{personas.home.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "indicator": indicator.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "value": "5",
        },
    )
    assert response.status_code == 404
    measurement = make_measurement(indicator, personas.home)
    response = client.post(f"/indikatorer/varden/matning/{measurement.pk}/ta-bort/")
    assert response.status_code == 404
    assert Measurement.objects.count() == 1


def test_it_lets_only_superusers_create_shared_indicators(client, personas):
    client.force_login(personas.editor)
    response = client.post(
        "/indikatorer/ny/",
        {
            "name": "Delad",
            "key": "Delad1",
            "direction": "higher",
            "decimals": "0",
            "source": "manual",
        },
    )
    # The owner is required for editors: the form says so, and nothing is created.
    assert response.status_code == 200
    assert "id_organisation_error" in response.content.decode()
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("name", ["reporter", "reader"])
def test_it_answers_404_to_creating_indicators_without_an_editor_role(client, personas, name):
    client.force_login(personas.user(name))
    assert client.get("/indikatorer/ny/").status_code == 404
