"""The archive tests' shared fixture: an adopted plan like the demo's Kalmar plan."""

import datetime

import pytest
from django.utils import timezone

from verksam.documents.content import DocumentFormat, DocumentKind
from verksam.documents.models import DocumentApproval, DocumentState, GeneratedDocument
from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.organisations.choices import OrganisationKind
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Decision
from verksam.testing import make_item, make_organisation, make_plan


@pytest.fixture
def adopted_plan():
    """Like the demo's adopted Kalmar plan: a decision, an approved report, approved follow-up."""
    region = make_organisation("Region Kalmar län", OrganisationKind.REGION, county_code="08")
    board = make_organisation("Regionala utvecklingsnämnden", OrganisationKind.BOARD, parent=region)
    unit = make_organisation("Regionbiblioteket Kalmar", parent=region)
    plan = make_plan(
        unit, title="Regional biblioteksplan 2025", year=2025, status=PlanStatus.ADOPTED
    )
    focus = make_item(plan, "Läsfrämjande")
    goal = make_item(plan, "Fler barn läser", parent=focus)
    Decision.objects.create(
        plan=plan,
        body="Regionala utvecklingsnämnden",
        board=board,
        decided_on=datetime.date(2024, 12, 12),
        case_number="RUN 2024/0123",
    )
    year = FollowUpRound.objects.create(
        plan=plan,
        name="Helår 2025",
        rhythm=Rhythm.ANNUAL,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
        is_year_end=True,
    )
    Assessment.objects.create(
        round=year,
        item=goal,
        status=GoalStatus.MET,
        results="Utlåningen till barn ökade med 12 procent.",
        improvements="Fler bokprat på skolorna.",
        state=AssessmentState.APPROVED,
        approved_at=timezone.now(),
    )
    Assessment.objects.create(round=year, item=focus, results="Utkast", state=AssessmentState.DRAFT)
    report = GeneratedDocument.objects.create(
        plan=plan,
        followup_round=year,
        kind=DocumentKind.ANNUAL_REPORT,
        file_format=DocumentFormat.PDF,
        language="sv",
        state=DocumentState.DONE,
        content=b"%PDF-1.7 report",
        file_name="Verksamhetsberattelse-2025.pdf",
    )
    DocumentApproval.objects.create(
        document=report,
        board=board,
        body="Regionala utvecklingsnämnden",
        decided_on=datetime.date(2026, 2, 20),
        case_number="RUN 2026/0042",
    )
    return plan
