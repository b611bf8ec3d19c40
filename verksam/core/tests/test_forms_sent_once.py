"""A form sent twice does one thing (verksam.core.form_tokens).

Every form that creates or changes something carries a one-time token, and its
view is wrapped in `sent_once`. For each such form the test loads the page that
holds it, takes the token from the form, sends the form twice, and checks that
the second sending changed nothing and was answered with the first one's result.

Every URL of the site must be in CASES or in NOT_SENT_ONCE, so a new page that
creates something by POST fails `test_it_has_a_case_for_every_url` until its form
carries the token and is tested here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, resolve, reverse

from verksam.archive.models import PackageRecord
from verksam.comments.models import Comment
from verksam.core.form_tokens import FIELD_NAME
from verksam.core.models import ApiToken, ChangeRecord
from verksam.core.tests.test_permission_matrix import (
    _approved_assessment,
    _budget_line,
    _comment,
    _deleted_draft_item,
    _draft_sent_for_decision,
    _indicator,
    _item_indicator,
    _planning_model,
    _planning_plan_step,
    _planning_step,
    _report_document,
    _round,
    _url_names,
)
from verksam.documents.models import DocumentApproval, DocumentSettings, GeneratedDocument
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.services import status_choices_for
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, MeasurementImport
from verksam.indicators.tests.import_files import build_import_world, read
from verksam.lessons.models import Lesson, Note
from verksam.planning.models import PlanningModel, PlanningStep
from verksam.plans.models import Contribution, Decision, DecisionRequest, Item, Plan
from verksam.plans.tests.test_reading_upload_views import CORPUS, TREE, make_reading, sent
from verksam.plans.upload.models import PlanReading
from verksam.resources.models import BudgetLine, Outcome
from verksam.statistics.models import PeerGroup
from verksam.testing import Personas

REDIRECTS = {301, 302, 303}


@dataclass
class Case:
    """One form: where it is, what it sends, and what one sending changes."""

    persona: str
    url: Callable[[Personas], str]
    data: Callable[[Personas], dict[str, Any]]
    measure: Callable[[], Any]  # what one sending changes, e.g. the number of plans
    form_page: Callable[[Personas], str] | None = None  # the page holding the form, if not `url`
    files: Callable[[], dict[str, Any]] = field(default=dict)  # fresh uploads for each sending
    answered_with: Callable[[Personas], str] | None = None  # where a page-answer leads later


def _count(model) -> Callable[[], int]:
    return lambda: model.objects.count()


def _changes() -> int:
    return ChangeRecord.objects.count()


def _draft_item(p: Personas) -> Item:
    return p.draft_plan.items.get(depth=1)


def _item_url(name: str) -> Callable[[Personas], str]:
    return lambda p: reverse(name, kwargs={"plan_pk": p.draft_plan.pk, "pk": _draft_item(p).pk})


def _plan_url(name: str, plan: str = "draft_plan", kwarg: str = "pk") -> Callable:
    return lambda p: reverse(name, kwargs={kwarg: getattr(p, plan).pk})


def _plan_data(p: Personas) -> dict[str, Any]:
    return {
        "title": "Verksamhetsplan 2027",
        "kind": "operational_plan",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "level_names": "Fokusområde\nMål\nAktivitet",
    }


def _item_data(p: Personas) -> dict[str, Any]:
    item = _draft_item(p)
    return {"title": "Fler unga läser", "version": item.version}


def _sections_data(p: Personas) -> dict[str, Any]:
    return {
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-kind": "vision",
        "sections-0-title": "Vision",
        "sections-0-body": "Alla i Kalmar läser.",
        "sections-0-ORDER": "1",
        "version": p.draft_plan.version,
    }


def _decision(p: Personas) -> dict[str, Any]:
    return {"body": "Kultur- och fritidsnämnden", "decided_on": "2026-02-10"}


def _restore_url(p: Personas) -> str:
    return reverse("plans:item_restore", kwargs=_deleted_draft_item(p))


def _links_url(p: Personas) -> str:
    url = reverse("plans:item_links", kwargs={"plan_pk": p.draft_plan.pk, "pk": _draft_item(p).pk})
    return f"{url}?q=L%C3%A4sfr%C3%A4mjande"


def _indicator_data(p: Personas) -> dict[str, Any]:
    return {
        "name": "Utlån till barn",
        "key": "Barn01",
        "unit": "lån",
        "direction": "higher",
        "decimals": "0",
        "source": "manual",
        "organisation": p.home.pk,
    }


def _item_indicators_url(p: Personas) -> str:
    return reverse(
        "indicators:item_indicators",
        kwargs={"plan_pk": p.draft_plan.pk, "item_pk": _draft_item(p).pk},
    )


def _target_data(p: Personas) -> dict[str, Any]:
    item_indicator = _item_indicator(p)
    prefix = f"target-{item_indicator.pk}"
    return {
        "action": "target",
        "item_indicator": item_indicator.pk,
        f"{prefix}-period_start": "2026-01-01",
        f"{prefix}-period_end": "2026-12-31",
        f"{prefix}-value": "120",
    }


def _import_world(p: Personas):
    if not hasattr(p, "import_world"):
        p.import_world = build_import_world(p)
    return p.import_world


def _uploaded_import(p: Personas) -> MeasurementImport:
    from verksam.indicators.imports import services as import_services

    _import_world(p)
    return import_services.import_create(
        user=p.editor,
        organisation=p.home,
        file_name="valid_swedish.csv",
        content=read("valid_swedish.csv"),
        file_format="csv",
    )


def _import_states() -> list[str]:
    return list(MeasurementImport.objects.values_list("state", flat=True))


def _mapping() -> dict[str, int]:
    return {"organisation": 0, "indicator": 1, "period": 2, "value": 3, "note": 4}


def _mapping_url(p: Personas) -> str:
    return reverse("imports:import_mapping", kwargs={"pk": _uploaded_import(p).pk})


def _run_url(p: Personas) -> str:
    from verksam.indicators.imports import services as import_services

    measurement_import = _uploaded_import(p)
    import_services.import_validate(measurement_import=measurement_import, mapping=_mapping())
    p.run_preview = reverse("imports:import_preview", kwargs={"pk": measurement_import.pk})
    return reverse("imports:import_run", kwargs={"pk": measurement_import.pk})


def _continue_url(p: Personas) -> str:
    """A plan of this calendar year, whose next period's plan the editor starts from the preview."""
    from django.utils import timezone

    from verksam.testing import make_plan

    year = timezone.localdate().year
    Plan.objects.filter(organisation=p.home, period_start__year__in=[year, year + 1]).delete()
    plan = make_plan(p.home, title=f"Verksamhetsplan {year}", year=year)
    return reverse("followup:plan_rollover", kwargs={"plan_pk": plan.pk})


def _assessment_url(p: Personas) -> str:
    return reverse(
        "followup:assessment_edit",
        kwargs={
            "plan_pk": p.draft_plan.pk,
            "round_pk": _round(p).pk,
            "item_pk": _draft_item(p).pk,
        },
    )


def _assessment_data(p: Personas) -> dict[str, Any]:
    status = status_choices_for(_draft_item(p))[0][0]
    return {"status": status, "done": "Sagostunder varje vecka.", "version": "0"}


def _approve_url(p: Personas) -> str:
    return reverse("documents:document_approve", kwargs=_report_document(p))


CASES: dict[str, Case] = {
    "core:api_token_create": Case(
        "reader",
        lambda p: reverse("core:api_token_create"),
        lambda p: {"name": "Statistikskript"},
        _count(ApiToken),
        answered_with=lambda p: reverse("core:api_token_list"),
    ),
    "plans:plan_create": Case(
        "editor",
        _plan_url("plans:plan_create", "home", "organisation_pk"),
        _plan_data,
        _count(Plan),
    ),
    "plans:plan_edit": Case(
        "editor",
        _plan_url("plans:plan_edit"),
        lambda p: {**_plan_data(p), "version": p.draft_plan.version},
        _changes,
    ),
    "plans:plan_sections_edit": Case(
        "editor", _plan_url("plans:plan_sections_edit"), _sections_data, _changes
    ),
    "plans:plan_adopt": Case("admin", _plan_url("plans:plan_adopt"), _decision, _count(Decision)),
    "plans:plan_adopt#sent_for_decision": Case(
        "admin",
        lambda p: reverse("plans:plan_adopt", kwargs=_draft_sent_for_decision(p)),
        _decision,
        _count(Decision),
    ),
    "plans:plan_send_for_decision": Case(
        "editor",
        _plan_url("plans:plan_send_for_decision"),
        lambda p: {"body": "Kultur- och fritidsnämnden"},
        _count(DecisionRequest),
    ),
    "plans:plan_return_from_decision": Case(
        "admin",
        lambda p: reverse("plans:plan_return_from_decision", kwargs=_draft_sent_for_decision(p)),
        lambda p: {"comment": "Mål 2 behöver ett mått."},
        lambda: list(DecisionRequest.objects.values_list("state", flat=True)),
    ),
    "plans:plan_revise": Case(
        "editor",
        _plan_url("plans:plan_revise", "published_plan"),
        lambda p: {},
        _count(Plan),
        form_page=lambda p: p.published_plan.get_absolute_url(),
    ),
    "plans:item_create": Case(
        "editor",
        _plan_url("plans:item_create", kwarg="plan_pk"),
        lambda p: {"title": "Fler unga läser"},
        _count(Item),
    ),
    "plans:item_edit": Case("editor", _item_url("plans:item_edit"), _item_data, _changes),
    "plans:item_move": Case(
        "editor",
        _item_url("plans:item_move"),
        lambda p: {"parent": "", "position": "1", "version": _draft_item(p).version},
        _changes,
    ),
    "plans:item_delete": Case("editor", _item_url("plans:item_delete"), lambda p: {}, _count(Item)),
    "plans:item_links": Case(
        "editor",
        _links_url,
        lambda p: {"target": p.published_plan.items.get(depth=0).pk},
        _count(Contribution),
    ),
    "plans:item_restore": Case(
        "admin",
        _restore_url,
        lambda p: {},
        _count(Item),
        form_page=_plan_url("plans:plan_history"),
    ),
    "statistics:peer_group_list": Case(
        "editor",
        lambda p: reverse("statistics:peer_group_list", kwargs={"organisation_pk": p.home.pk}),
        lambda p: {"name": "Kuststäder", "members": "Kalmar, Växjö, 0883"},
        _count(PeerGroup),
    ),
    "indicators:indicator_create": Case(
        "editor",
        lambda p: reverse("indicators:indicator_create"),
        _indicator_data,
        _count(Indicator),
    ),
    "indicators:indicator_edit": Case(
        "editor",
        lambda p: reverse("indicators:indicator_edit", kwargs={"pk": _indicator(p).pk}),
        _indicator_data,
        _changes,
    ),
    "indicators:item_indicators": Case(
        "editor",
        _item_indicators_url,
        lambda p: {"action": "add", "indicator": _indicator(p).pk, "organisation": p.home.pk},
        _count(ItemIndicator),
    ),
    "indicators:item_indicators#target": Case(
        "editor", _item_indicators_url, _target_data, _changes
    ),
    "indicators:measurement_list": Case(
        "editor",
        lambda p: reverse("indicators:measurement_list", kwargs={"organisation_pk": p.home.pk}),
        lambda p: {"indicator": _indicator(p).pk, "period": "year", "year": "2026", "value": "12"},
        _changes,
    ),
    "imports:import_start": Case(
        "editor",
        lambda p: reverse("imports:import_start", kwargs={"organisation_pk": p.home.pk}),
        lambda p: {},
        _count(MeasurementImport),
        files=lambda: {"file": SimpleUploadedFile("varden.csv", read("valid_swedish.csv"))},
    ),
    "imports:import_mapping": Case("editor", _mapping_url, lambda p: _mapping(), _import_states),
    "imports:import_run": Case(
        "editor",
        _run_url,
        lambda p: {},
        _count(Measurement),
        form_page=lambda p: p.run_preview,
    ),
    "followup:round_list": Case(
        "editor",
        _plan_url("followup:round_list", kwarg="plan_pk"),
        lambda p: {
            "action": "custom",
            "name": "Första halvåret",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "due_date": "2026-07-15",
        },
        _count(FollowUpRound),
    ),
    "followup:round_list#rhythm": Case(
        "editor",
        _plan_url("followup:round_list", kwarg="plan_pk"),
        lambda p: {"action": "rhythm", "rhythm": "tertial", "days_to_due": "15"},
        _count(FollowUpRound),
    ),
    "followup:assessment_edit": Case(
        "reporter", _assessment_url, _assessment_data, _count(Assessment)
    ),
    "documents:document_create": Case(
        "reader",
        _plan_url("documents:document_create", kwarg="plan_pk"),
        lambda p: {"kind": "plan", "file_format": "html"},
        _count(GeneratedDocument),
    ),
    "documents:document_approve": Case("admin", _approve_url, _decision, _count(DocumentApproval)),
    "documents:organisation_document_settings": Case(
        "admin",
        lambda p: reverse(
            "documents:organisation_document_settings", kwargs={"organisation_pk": p.home.pk}
        ),
        lambda p: {"accent_colour": "#1a5e8a"},
        _count(DocumentSettings),
    ),
}


def _term_url(p: Personas) -> str:
    url = reverse(
        "statistics:term_choose", kwargs={"plan_pk": p.draft_plan.pk, "item_pk": _draft_item(p).pk}
    )
    return f"{url}?q=Utlan399"


CASES["statistics:term_choose"] = Case(
    "editor",
    _term_url,
    lambda p: {"source": "bibstat", "key": "Utlan399", "scale": "total"},
    _count(ItemIndicator),
)


def _reading_url(p: Personas) -> str:
    """The review of a read plan, made once per test for the editor."""
    if not hasattr(p, "reading"):
        p.reading = make_reading(p.editor, p.home, TREE)
    return reverse("plans:plan_reading_review", args=[p.reading.pk])


CASES["plans:plan_reading_upload"] = Case(
    "editor",
    lambda p: reverse("plans:plan_reading_upload", args=[p.home.pk]),
    lambda p: {},
    _count(PlanReading),
    files=lambda: {
        "file": SimpleUploadedFile(
            "plan.txt", (CORPUS / "kalmar_ny_biblioteksplan_2025_2028.txt").read_bytes()
        )
    },
)
CASES["plans:plan_reading_review"] = Case(
    "editor", _reading_url, lambda p: sent(p.reading, "create"), _count(Plan)
)

CASES["followup:plan_rollover"] = Case(
    "editor",
    _continue_url,
    lambda p: {},
    _count(Plan),
)

CASES["lessons:lesson_share"] = Case(
    "editor",
    lambda p: reverse("lessons:lesson_share", kwargs=_approved_assessment(p)),
    lambda p: {"method": "evaluation"},
    _count(Lesson),
)

CASES["lessons:note_create"] = Case(
    "reporter",
    lambda p: reverse("lessons:note_create"),
    lambda p: {
        "organisation": p.home.pk,
        "kind": "scanning",
        "title": "Läsfrämjandet i grannkommunerna",
        "text": "Grannkommunerna satsar på unga vuxna.",
        "year": "2026",
        "version": "0",
    },
    _count(Note),
)


def _note_url(p: Personas) -> str:
    from verksam.lessons.tests.builders import make_note

    if not hasattr(p, "note"):
        p.note = make_note(p.home, shared=False, created_by=p.reporter)
    return reverse("lessons:note_edit", args=[p.note.pk])


CASES["lessons:note_edit"] = Case(
    "reporter",
    _note_url,
    lambda p: {
        "kind": "evaluation",
        "title": "Utvärdering av bokprat",
        "text": "Bokpratet nådde fler klasser.",
        "year": "2026",
        "version": str(p.note.version),
    },
    _changes,
)
CASES["lessons:note_edit#delete"] = Case(
    "reporter", _note_url, lambda p: {"delete": "1"}, _count(Note)
)


def _comment_url(name: str) -> Callable[[Personas], str]:
    return lambda p: reverse(name, kwargs=_comment(p))


CASES["comments:comment_create"] = Case(
    "reader",
    lambda p: reverse(
        "comments:comment_create",
        kwargs={"plan_pk": p.draft_plan.pk, "item_pk": _draft_item(p).pk},
    ),
    lambda p: {"body": "Hur går det?"},
    _count(Comment),
    form_page=lambda p: _draft_item(p).get_absolute_url(),
)
CASES["comments:comment_edit"] = Case(
    "reader", _comment_url("comments:comment_edit"), lambda p: {"body": "Ändrad"}, _changes
)
CASES["comments:comment_remove"] = Case(
    "reader",
    _comment_url("comments:comment_remove"),
    lambda p: {},
    lambda: Comment.objects.filter(removed_at__isnull=False).count(),
)
CASES["comments:thread_resolve"] = Case(
    "reader",
    _comment_url("comments:thread_resolve"),
    lambda p: {"resolved": "1"},
    lambda: Comment.objects.filter(resolved_at__isnull=False).count(),
    form_page=lambda p: _draft_item(p).get_absolute_url(),
)


def _competence_count(model_name: str, **filters) -> Callable[[], int]:
    def count() -> int:
        from verksam.competence import models

        return getattr(models, model_name).objects.filter(**filters).count()

    return count


def _competence_training(p: Personas):
    from verksam.competence.tests.builders import make_training

    return make_training(p.home, user=p.editor)


def _competence_proposal_url(p: Personas) -> str:
    from verksam.competence.tests.builders import make_proposal

    return reverse("competence:proposal_detail", args=[make_proposal(p.home, user=p.reader).pk])


CASES["competence:training_create"] = Case(
    "reporter",
    lambda p: reverse("competence:training_create", args=[p.home.pk]),
    lambda p: {
        "title": "Digitalt först med användaren i fokus",
        "kind": "course",
        "start_date": "2026-04-14",
        "hours": "7.5",
        "other_participants": "3",
        "participants": [p.reader.pk],
        "version": "0",
    },
    _competence_count("Training"),
)
CASES["competence:training_edit"] = Case(
    "editor",
    lambda p: reverse("competence:training_edit", args=[_competence_training(p).pk]),
    lambda p: {
        "title": "Digitalt först, del 2",
        "kind": "conference",
        "start_date": "2026-03-10",
        "hours": "6",
        "other_participants": "1",
        "version": "1",
    },
    _changes,
)
CASES["competence:proposal_create"] = Case(
    "reader",
    lambda p: reverse("competence:proposal_create", args=[p.home.pk]),
    lambda p: {"kind": "project", "title": "Språkcafé på lördagar", "reason": "Efterfrågat."},
    _competence_count("Proposal"),
)
CASES["competence:proposal_detail#decline"] = Case(
    "editor",
    _competence_proposal_url,
    lambda p: {"action": "decline", "comment": "Inte i år; vi tar upp det i höst."},
    _competence_count("Proposal", state="declined"),
)
CASES["competence:proposal_detail#accept"] = Case(
    "editor",
    _competence_proposal_url,
    lambda p: {"action": "accept", "place": f"plan-{p.draft_plan.pk}", "comment": ""},
    _count(Item),
)
CASES["competence:register_indicators"] = Case(
    "editor",
    lambda p: reverse("competence:register_indicators", args=[p.home.pk]),
    lambda p: {"name": "Deltagare i kompetensutveckling", "measure": "participants"},
    _competence_count("RegisterIndicator"),
)


def _package_url(p: Personas) -> str:
    return reverse("archive:plan_package", args=[p.published_plan.pk])


# The package is downloaded at once; sent again, the form leads back to its page.
CASES["archive:plan_package"] = Case(
    "admin",
    _package_url,
    lambda p: {},
    lambda: PackageRecord.objects.count(),
    answered_with=_package_url,
)


#: Pages that create nothing by a form, or whose POST cannot do anything twice.
def _planning_model_pk(p: Personas) -> int:
    return _planning_model(p).pk


def _planning_step_url(name: str) -> Callable[[Personas], str]:
    return lambda p: reverse(name, kwargs=_planning_step(p))


def _planning_plan_step_url(name: str) -> Callable[[Personas], str]:
    return lambda p: reverse(name, kwargs=_planning_plan_step(p))


CASES["planning:model_create"] = Case(
    "editor",
    lambda p: reverse("planning:model_create"),
    lambda p: {
        "organisation": p.home.pk,
        "name": "Kalmarmodellen",
        "level_names": "Perspektiv\nÅtagande",
    },
    _count(PlanningModel),
)
CASES["planning:model_edit"] = Case(
    "editor",
    lambda p: reverse("planning:model_edit", args=[_planning_model_pk(p)]),
    lambda p: {
        "name": "Ändrad modell",
        "level_names": "Perspektiv\nÅtagande",
        "version": str(_planning_model(p).version),
    },
    _changes,
)
CASES["planning:step_create"] = Case(
    "editor",
    lambda p: reverse("planning:step_create", args=[_planning_model_pk(p)]),
    lambda p: {"title": "Omvärld", "question": "Vad händer omkring oss?", "level": "1"},
    _count(PlanningStep),
)
CASES["planning:step_edit"] = Case(
    "editor",
    _planning_step_url("planning:step_edit"),
    lambda p: {"title": "Ändrat steg", "question": "Ny fråga?", "level": "1", "version": "1"},
    _changes,
)
CASES["planning:step_move"] = Case(
    "editor",
    _planning_step_url("planning:step_move"),
    lambda p: {"direction": "down"},
    _changes,
    form_page=lambda p: reverse("planning:model_detail", args=[_planning_model_pk(p)]),
)
CASES["planning:step_delete"] = Case(
    "editor", _planning_step_url("planning:step_delete"), lambda p: {}, _count(PlanningStep)
)
CASES["planning:plan_create"] = Case(
    "editor",
    lambda p: reverse("planning:plan_create", args=[_planning_model_pk(p)]),
    lambda p: {
        "organisation": p.home.pk,
        "title": "Verksamhetsplan 2027",
        "kind": "operational_plan",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
    },
    _count(Plan),
)
CASES["planning:plan_step"] = Case(
    "editor",
    _planning_plan_step_url("planning:plan_step"),
    lambda p: {"title": "Fler unga läser"},
    _count(Item),
)
CASES["planning:plan_step_done"] = Case(
    "editor",
    _planning_plan_step_url("planning:plan_step_done"),
    lambda p: {"done": "1"},
    _changes,
    form_page=_planning_plan_step_url("planning:plan_step"),
)


NOT_SENT_ONCE = {
    "core:home": "a page to read",
    "core:api_token_list": "a page to read",
    "core:api_token_revoke": "revoking a revoked key changes nothing",
    "login": "logging in twice is logging in",
    "logout": "logging out twice is logging out",
    "set_language": "choosing the same language twice changes nothing",
    "sso:sso_start": "starts a login elsewhere",
    "sso:sso_callback": "answers the identity provider, which sends a one-time code",
    "organisations:organisation_list": "a page to read",
    "organisations:organisation_detail": "a page to read",
    "plans:plan_detail": "a page to read",
    "plans:plan_publish": "sets published or not, as the button says",
    "plans:plan_archive": "an archived plan cannot be archived again",
    "plans:plan_coverage": "a page to read",
    "plans:plan_history": "a page to read",
    "plans:plan_diff": "a page to read",
    "plans:plan_source_download": "a download",
    "plans:item_detail": "a page to read",
    "plans:item_trace": "a page to read",
    "plans:item_history": "a page to read",
    "plans:item_shift": "one step up or down per press, as a keyboard user expects",
    "plans:item_link_remove": "a removed link cannot be removed again",
    "followup:round_detail": "a page to read",
    "plans:plan_continue": "leads to the roll-over preview; creates nothing",
    "followup:round_close": "closing a closed round changes nothing",
    "followup:round_reopen": "reopening an open round changes nothing",
    "followup:assessment_review": "a reviewed assessment cannot be reviewed again",
    "dashboards:my_followups": "a page to read",
    "dashboards:plan_dashboard": "a page to read",
    "dashboards:plan_chart": "an image",
    "dashboards:organisation_dashboard": "a page to read",
    "dashboards:county_overview": "a page to read",
    "dashboards:county_overview_cell": "a page to read",
    "dashboards:national_overview": "a page to read",
    "public:region_list": "a page to read",
    "lessons:lesson_search": "a search sent by GET, which changes nothing",
    "planning:model_list": "a page to read",
    "planning:model_detail": "a page to read; its forms post to the step pages",
    "lessons:note_list": "a page to read",
    "lessons:note_detail": "a page to read",
    "public:region_detail": "a page to read",
    "public:municipality_detail": "a page to read",
    "public:plan_detail": "a page to read",
    "public:accessibility_statement": "a page to read",
    "indicators:indicator_list": "a page to read",
    "indicators:indicator_detail": "a page to read",
    "indicators:item_indicator_remove": "a removed indicator cannot be removed again",
    "indicators:target_remove": "a removed target cannot be removed again",
    "indicators:measurement_delete": "a deleted value cannot be deleted again",
    "imports:import_preview": "a page to read",
    "imports:import_progress": "a page to read",
    "imports:measurement_export": "a download",
    "documents:document_list": "a page to read",
    "documents:document_detail": "a page to read",
    "documents:document_download": "a download",
    "statistics:catalogue": "a page to read",
    "statistics:comparison_detail": "a page to read",
    "statistics:comparison_chart": "an image",
    "competence:training_list": "a page to read",
    "competence:training_delete": "a removed training cannot be removed again",
    "competence:proposal_list": "a page to read",
    "resources:plan_resources": "a page to read",
    "resources:budget_template": "a download",
}


def _budget_item_url(p: Personas) -> str:
    return reverse("resources:item_budget", args=[p.draft_plan.pk, _draft_item(p).pk])


CASES["resources:item_budget"] = Case(
    "editor",
    _budget_item_url,
    lambda p: {"kind": "staff", "year": "2026", "amount": "120000", "note": "", "version": "0"},
    _count(BudgetLine),
)
CASES["resources:budget_line_edit"] = Case(
    "editor",
    lambda p: reverse("resources:budget_line_edit", kwargs=_budget_line(p)),
    lambda p: {"kind": "media", "year": "2026", "amount": "50000", "note": "", "version": "1"},
    _changes,
)
CASES["resources:budget_line_remove"] = Case(
    "editor",
    lambda p: reverse("resources:budget_line_remove", kwargs=_budget_line(p)),
    lambda p: {},
    _count(BudgetLine),
    form_page=_budget_item_url,
)
CASES["resources:outcome_edit"] = Case(
    "reporter",
    lambda p: reverse(
        "resources:outcome_edit", args=[p.draft_plan.pk, _round(p).pk, _draft_item(p).pk]
    ),
    lambda p: {"amount_staff": "1200", "note": "Sommarlovet", "versions": ""},
    _count(Outcome),
)
CASES["resources:budget_import"] = Case(
    "editor",
    lambda p: reverse("resources:budget_import", args=[p.draft_plan.pk]),
    lambda p: {},
    _count(BudgetLine),
    files=lambda: {
        "file": SimpleUploadedFile(
            "budget.csv", "punkt;kostnadsslag;år;belopp\n1.1;medier;2026;45000\n".encode()
        )
    },
)


class _Forms(HTMLParser):
    """The POST forms of a page: each one's action and the values of its hidden inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self._current = {"action": values.get("action") or "", "hidden": {}}
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and values.get("type") == "hidden":
            self._current["hidden"][values.get("name")] = values.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _forms_posting_to(page: str, page_url: str, url: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(page)
    target = url.split("?")[0]
    return [
        form
        for form in parser.forms
        if (form["action"] or page_url).split("?")[0].replace("&amp;", "&") == target
    ]


def test_it_has_a_case_for_every_url():
    names = _url_names(get_resolver())
    covered = {name.split("#")[0] for name in CASES}
    assert names - covered - set(NOT_SENT_ONCE) == set(), "URLs with neither a case nor a reason"
    assert (covered | set(NOT_SENT_ONCE)) - names == set(), "cases for URLs that no longer exist"
    assert covered & set(NOT_SENT_ONCE) == set()


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_does_what_a_form_sent_twice_asks_once(client, personas, name):
    case = CASES[name]
    user = personas.user(case.persona)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = case.url(personas)
    assert getattr(resolve(url.split("?")[0]).func, "sent_once", False), "not wrapped in sent_once"
    data = case.data(personas)
    page_url = case.form_page(personas) if case.form_page else url
    page = client.get(page_url)
    assert page.status_code == 200, page
    forms = _forms_posting_to(page.content.decode(), page_url, url)
    if "action" in data:
        # A form whose buttons name the action has no hidden one; it sends any of them.
        forms = [
            form for form in forms if form["hidden"].get("action", data["action"]) == data["action"]
        ]
    assert forms, f"no form on {page_url} posts to {url}"
    assert all(FIELD_NAME in form["hidden"] for form in forms), "a form without the token"
    token = forms[0]["hidden"][FIELD_NAME]
    sent = {**data, FIELD_NAME: token}

    before = case.measure()
    first = client.post(url, {**sent, **case.files()})
    after_first = case.measure()
    second = client.post(url, {**sent, **case.files()})

    assert after_first != before, (first.status_code, first.content[:3000])
    assert case.measure() == after_first
    if case.answered_with is None:
        assert first.status_code in REDIRECTS, first.content[:3000]
        result = first["Location"]
    else:
        assert first.status_code == 200
        result = case.answered_with(personas)
    assert second.status_code in REDIRECTS
    assert second["Location"] == result
    notes = [str(message) for message in get_messages(second.wsgi_request)]
    assert any("already sent this form" in note for note in notes), notes


def test_it_runs_a_changed_form_sent_with_the_same_token(client, personas):
    """Back, change, send: another sending, not the first one again."""
    client.force_login(personas.editor)
    url = reverse("plans:item_create", kwargs={"plan_pk": personas.draft_plan.pk})
    token = "0b5c1a52-4d59-4c8e-9f4e-2f3c1b8b7a10"
    client.post(url, {"title": "Fler unga läser", FIELD_NAME: token})
    client.post(url, {"title": "Fler äldre läser", FIELD_NAME: token})
    titles = set(personas.draft_plan.items.values_list("title", flat=True))
    assert {"Fler unga läser", "Fler äldre läser"} <= titles


def test_it_lets_a_refused_form_be_sent_again_with_its_token(client, personas):
    client.force_login(personas.editor)
    url = reverse("plans:item_create", kwargs={"plan_pk": personas.draft_plan.pk})
    token = "6f1e0f3a-1f2b-4a77-8d6e-0c5f7b9e2d41"
    refused = client.post(url, {"title": "", FIELD_NAME: token})
    assert refused.status_code == 200
    client.post(url, {"title": "", FIELD_NAME: token})
    accepted = client.post(url, {"title": "Fler unga läser", FIELD_NAME: token})
    assert accepted.status_code == 302
    assert personas.draft_plan.items.filter(title="Fler unga läser").count() == 1


def test_it_serves_a_form_without_a_token_as_before(client, personas):
    client.force_login(personas.editor)
    url = reverse("plans:item_create", kwargs={"plan_pk": personas.draft_plan.pk})
    client.post(url, {"title": "Fler unga läser"})
    client.post(url, {"title": "Fler unga läser"})
    assert personas.draft_plan.items.filter(title="Fler unga läser").count() == 2


def test_it_keeps_each_users_sendings_apart(client, personas):
    url = reverse("plans:item_create", kwargs={"plan_pk": personas.draft_plan.pk})
    token = "1d4f6c1e-7a8b-4f0e-b1c2-3d4e5f607182"
    for user in (personas.editor, personas.admin):
        client.force_login(user)
        client.post(url, {"title": "Fler unga läser", FIELD_NAME: token})
    assert personas.draft_plan.items.filter(title="Fler unga läser").count() == 2


def _item_edit(client, personas, title: str, version: int):
    item = _draft_item(personas)
    url = reverse("plans:item_edit", kwargs={"plan_pk": personas.draft_plan.pk, "pk": item.pk})
    return client.post(url, {"title": title, "version": version})


def test_it_treats_a_stale_resend_of_the_same_edit_as_done(client, personas):
    """The same edit sent again without its token (e.g. a page kept from before)."""
    client.force_login(personas.editor)
    version = _draft_item(personas).version
    _item_edit(client, personas, "Fler unga läser", version)
    again = _item_edit(client, personas, "Fler unga läser", version)
    assert again.status_code == 302
    assert again["Location"] == _draft_item(personas).get_absolute_url()
    assert _draft_item(personas).version == version + 1


def test_it_tells_a_user_who_saved_in_between_that_they_did(client, personas):
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    version = _draft_item(personas).version
    _item_edit(client, personas, "Fler unga läser", version)
    refused = _item_edit(client, personas, "Fler unga och äldre läser", version)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "You saved this in another window" in page
    assert "Someone else saved" not in page
    assert _draft_item(personas).title == "Fler unga läser"


def test_it_still_tells_of_someone_elses_save(client, personas):
    version = _draft_item(personas).version
    client.force_login(personas.admin)
    _item_edit(client, personas, "Fler unga läser", version)
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = _item_edit(client, personas, "Fler unga och äldre läser", version)
    assert "Someone else saved this while you were editing it" in refused.content.decode()
