"""Two reporters write the same follow-up: the second save is refused, nothing is
overwritten, and the page shows both versions with the form re-filled to merge them."""

import re

from django.urls import reverse

from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round


def _version_in(page: str) -> str:
    return re.search(r'name="version" value="(\d*)"', page).group(1)


def _body(done: str, version: str) -> dict:
    return {"status": "met", "done": done, "results": "", "improvements": "", "version": version}


def test_two_reporters_writing_the_first_follow_up_see_both_versions(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    followup_round = make_round(plan, is_year_end=True)
    url = reverse("followup:assessment_edit", args=[plan.pk, followup_round.pk, item.pk])
    client.force_login(personas.reporter)
    first_load = _version_in(client.get(url).content.decode())
    second_load = _version_in(client.get(url).content.decode())
    assert first_load == second_load == "0"  # loaded before there was one

    assert client.post(url, _body("Hennes rapport", first_load)).status_code == 302
    refused = client.post(url, _body("Min rapport", second_load))
    page = refused.content.decode()
    assert refused.status_code == 400
    assert Assessment.objects.get().done == "Hennes rapport"
    assert "Hennes rapport" in page and "Min rapport" in page
    assert 'data-version="saved"' in page
    assert _version_in(page) == "1"
    assert re.search(r"<textarea[^>]*>\s*Min rapport</textarea>", page)

    assert client.post(url, _body("Båda rapporterna", "1")).status_code == 302
    assert Assessment.objects.get().done == "Båda rapporterna"


def test_a_stale_edit_of_a_follow_up_is_refused_with_both_texts(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    followup_round = make_round(plan, is_year_end=True)
    Assessment.objects.create(
        round=followup_round, item=item, status="met", done="Först", version=3
    )
    url = reverse("followup:assessment_edit", args=[plan.pk, followup_round.pk, item.pk])
    client.force_login(personas.editor)
    refused = client.post(url, _body("Gammalt utkast", "2"))
    page = refused.content.decode()
    assert Assessment.objects.get().done == "Först"
    assert "Först" in page and "Gammalt utkast" in page
    assert _version_in(page) == "3"
