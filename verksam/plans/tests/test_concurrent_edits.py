"""Two people edit the same item or text sections: the second save is refused, nothing is
overwritten, and the page shows both versions with the form re-filled to merge them."""

import re

from django.urls import reverse

from verksam.plans.models import Item, Plan, PlanSection


def _version_in(page: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def test_the_second_edit_of_an_item_shows_both_versions_and_saves_after_merging(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    url = reverse("plans:item_edit", args=[plan.pk, item.pk])
    client.force_login(personas.editor)
    first_load = _version_in(client.get(url).content.decode())
    second_load = _version_in(client.get(url).content.decode())

    saved = client.post(
        url, {"title": "Fler barn läser", "description": "Hennes text", "version": first_load}
    )
    assert saved.status_code == 302

    refused = client.post(
        url, {"title": "Fler barn läser", "description": "Min text", "version": second_load}
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert Item.objects.get(pk=item.pk).description == "Hennes text"
    assert "Hennes text" in page and "Min text" in page
    assert 'data-version="yours"' in page and 'data-version="saved"' in page
    assert _version_in(page) == second_load + 1  # the form carries the version saved now
    # The form is re-filled with the user's text.
    assert re.search(r"<textarea[^>]*>\s*Min text</textarea>", page)

    merged = client.post(
        url,
        {
            "title": "Fler barn läser",
            "description": "Hennes text. Min text",
            "version": _version_in(page),
        },
    )
    assert merged.status_code == 302
    assert Item.objects.get(pk=item.pk).description == "Hennes text. Min text"


def _sections(title: str, body: str, version: int) -> dict:
    return {
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-kind": "vision",
        "sections-0-title": title,
        "sections-0-body": body,
        "sections-0-ORDER": "1",
        "version": str(version),
    }


def test_the_second_edit_of_the_text_sections_shows_both_versions(client, personas):
    plan = personas.draft_plan
    url = reverse("plans:plan_sections_edit", args=[plan.pk])
    client.force_login(personas.editor)
    loaded = Plan.objects.get(pk=plan.pk).version

    assert client.post(url, _sections("Vision", "Deras vision", loaded)).status_code == 302
    refused = client.post(url, _sections("Vision", "Min vision", loaded))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert list(PlanSection.objects.filter(plan=plan).values_list("body", flat=True)) == [
        "Deras vision"
    ]
    assert "Deras vision" in page and "Min vision" in page
    assert 'data-version="yours"' in page
    assert _version_in(page) == loaded + 1
    assert re.search(r"<textarea[^>]*>\s*Min vision</textarea>", page)

    merged = client.post(url, _sections("Vision", "Vår vision", _version_in(page)))
    assert merged.status_code == 302
    assert PlanSection.objects.get(plan=plan).body == "Vår vision"
