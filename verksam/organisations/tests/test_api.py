"""The API of organisations: open to everyone, filtered, paginated, in constant queries."""

from django.urls import reverse

from verksam.core.models import ApiToken
from verksam.core.tests.api_support import bearer, count_queries, make_key
from verksam.organisations.choices import OrganisationKind
from verksam.testing import make_organisation


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [organisation["name"] for organisation in response.json()["items"]]


def test_it_lists_organisations_to_anonymous_callers(client, personas):
    response = client.get(reverse("api:organisation_list"))
    data = response.json()
    assert data["count"] == 5
    assert [o["name"] for o in data["items"]][:2] == ["Kalmar kommun", "Kalmar stadsbibliotek"]
    home = next(o for o in data["items"] if o["id"] == personas.home.pk)
    assert home["parent_id"] == personas.municipality.pk
    assert home["kind"] == "library"
    assert home["url"].endswith(personas.home.get_absolute_url())
    assert "leader" not in home


def test_it_filters_organisations(client, personas):
    url = reverse("api:organisation_list")
    assert _names(client.get(url, {"kind": "region"})) == ["Region Uppsala"]
    assert _names(client.get(url, {"county_code": "03"})) == ["Region Uppsala"]
    assert _names(client.get(url, {"municipality_code": "0880"})) == ["Kalmar kommun"]
    assert _names(client.get(url, {"parent": personas.home.pk})) == ["Barn och unga"]


def test_it_pages_organisations(client, personas):
    url = reverse("api:organisation_list")
    data = client.get(url, {"limit": 2, "offset": 1}).json()
    assert data["count"] == 5
    assert (data["limit"], data["offset"]) == (2, 1)
    assert [o["name"] for o in data["items"]] == ["Kalmar stadsbibliotek", "Barn och unga"]


def test_it_answers_bad_filters_with_the_field_and_a_message(client, personas):
    response = client.get(
        reverse("api:organisation_list"), {"kind": "castle", "limit": 0, "county_code": "8"}
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"kind", "limit", "county_code"}
    assert all(error["message"] for error in response.json()["errors"])


def test_it_shows_one_organisation_or_404(client, personas):
    response = client.get(reverse("api:organisation_detail", args=[personas.work_group.pk]))
    assert response.json()["name"] == "Barn och unga"
    assert client.get(reverse("api:organisation_detail", args=[999999])).status_code == 404


def test_it_accepts_a_valid_key_and_refuses_a_revoked_or_wrong_one(client, personas):
    url = reverse("api:organisation_list")
    key = make_key(personas.reader)
    assert client.get(url, **bearer(key)).status_code == 200
    assert ApiToken.objects.get(user=personas.reader).last_used_at is not None

    ApiToken.objects.get(user=personas.reader).revoke()
    response = client.get(url, **bearer(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert client.get(url, **bearer("vks_not-a-key")).status_code == 401
    assert client.get(url, headers={"Authorization": "Basic cmVhZGVyOng="}).status_code == 401


def test_it_lists_organisations_in_constant_queries(client, personas):
    url = reverse("api:organisation_list")
    kwargs = {"kind": OrganisationKind.BRANCH}
    make_organisation("Filial 0", OrganisationKind.BRANCH, parent=personas.home)
    one = count_queries(client, url, query_params=kwargs)
    for index in range(1, 30):
        make_organisation(f"Filial {index}", OrganisationKind.BRANCH, parent=personas.home)
    many = count_queries(client, url, query_params=kwargs)
    assert one == many
