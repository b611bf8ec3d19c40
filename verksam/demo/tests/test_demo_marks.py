"""The demo's invented values and plans are marked as demo wherever they are shown."""

import datetime
import io

import docx
import pytest
from django.utils import translation
from pypdf import PdfReader

from verksam.demo.followup_seeds import DEMO_MEASUREMENT_NOTE
from verksam.demo.seeds import DEMO_DECISION_NOTE, DEMO_PASSWORD
from verksam.demo.services import demo_load
from verksam.documents import services as documents
from verksam.documents.builders import default_round
from verksam.indicators.models import ItemIndicator, Measurement
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db

DEMO_VALUES = "Påhittade demovärden för demonstrationen, inte statistik."


@pytest.fixture
def plan(settings) -> Plan:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("sv"):
        demo_load(today=datetime.date(2026, 12, 3))
    return Plan.objects.get(
        organisation__name="Stockholms stadsbibliotek", title="Verksamhetsplan 2008"
    )


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_it_marks_a_carried_on_plan_and_its_invented_decision_on_the_plan_page(client, plan):
    carried = Plan.objects.get(organisation=plan.organisation, title="Verksamhetsplan 2026")

    page = _flat(client.get(carried.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode())

    assert "Demodata: en påhittad plan för demonstrationen." in page
    assert "Innehållet är Verksamhetsplan 2008 (2008) oförändrat" in page
    assert f'<span class="decision-note">{DEMO_DECISION_NOTE}</span>' in page


def test_it_marks_demo_measurements_on_the_item_page(client, plan):
    use = ItemIndicator.objects.filter(item__plan=plan).select_related("item").first()
    assert Measurement.objects.filter(
        indicator=use.indicator, organisation=use.organisation, note=DEMO_MEASUREMENT_NOTE
    ).exists()
    client.login(username="stockholm-reader", password=DEMO_PASSWORD)

    page = client.get(use.item.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert '<span class="demo-mark">(demovärde)</span>' in page


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_it_marks_demo_values_and_the_invented_decision_in_a_document(plan, file_format):
    followup_round = default_round(plan, "annual")
    with translation.override("sv"):
        data, _name = documents.document_build(
            plan=plan,
            kind="annual",
            file_format=file_format,
            followup_round=followup_round,
            language="sv",
        )

    if file_format == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    else:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(
            [p.text for p in document.paragraphs]
            + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        )
    text = _flat(text)
    assert DEMO_VALUES in text
    assert DEMO_DECISION_NOTE in text
