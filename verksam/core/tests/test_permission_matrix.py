"""Every URL of the app, requested by every persona, answers as the permission rules say.

The table below must name every URL pattern: a new view without a row makes
`test_it_has_a_rule_for_every_url` fail, so no page can be added without
deciding who may see it. Pages for what a user may not see answer 404, so their
existence is not revealed; pages that need a login send anonymous visitors to
the login page.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from verksam.plans.models import Contribution
from verksam.testing import Personas

EVERYONE = ("superuser", "admin", "editor", "reporter", "reader", "outsider", "anonymous")
LOGGED_IN = EVERYONE[:-1]
READERS = ("superuser", "admin", "editor", "reporter", "reader")
EDITORS = ("superuser", "admin", "editor")
ADMINS = ("superuser", "admin")
LOGIN = "login"  # expected outcome: a redirect to the login page


@dataclass
class Rule:
    """How to request a URL and what each persona gets back."""

    kwargs: object = None  # a function of Personas giving the URL's kwargs
    method: str = "get"
    allowed: tuple[str, ...] = EVERYONE
    allowed_status: int = 200
    denied_status: dict[str, object] = field(default_factory=dict)
    data: dict = field(default_factory=dict)

    def expected(self, persona: str):
        if persona in self.allowed:
            return self.allowed_status
        if persona in self.denied_status:
            return self.denied_status[persona]
        return LOGIN if persona == "anonymous" else 404


def _draft(p: Personas) -> dict:
    return {"pk": p.draft_plan.pk}


def _draft_sent_for_decision(p: Personas) -> dict:
    """The draft plan, sent by the editor for decision through the service."""
    from verksam.plans.services import plan_send_for_decision

    plan_send_for_decision(user=p.editor, plan=p.draft_plan, body="Kulturnämnden")
    return {"pk": p.draft_plan.pk}


def _draft_item(p: Personas) -> dict:
    item = p.draft_plan.items.get(depth=1)
    return {"plan_pk": p.draft_plan.pk, "pk": item.pk}


def _draft_item_pk(p: Personas) -> dict:
    return {"plan_pk": p.draft_plan.pk, "item_pk": p.draft_plan.items.get(depth=1).pk}


def _linked_draft_item(p: Personas) -> dict:
    item = p.draft_plan.items.get(depth=1)
    target = p.published_plan.items.get(depth=0)
    Contribution.objects.create(source=item, target=target)
    return {"plan_pk": p.draft_plan.pk, "pk": item.pk, "target_pk": target.pk}


def _deleted_draft_item(p: Personas) -> dict:
    """An item of the draft plan deleted through the service, so it can be restored."""
    from verksam.plans.services import item_delete

    item = p.draft_plan.items.get(depth=1)
    pk = item.pk
    item_delete(user=p.editor, item=item)
    return {"plan_pk": p.draft_plan.pk, "pk": pk}


def _reading(p: Personas) -> dict:
    """A document the editor has uploaded and is reviewing."""
    from verksam.plans.upload.models import PlanReading

    data = {
        "title": "Biblioteksplan",
        "kind": "library_plan",
        "organisation_name": "",
        "period_start": 2025,
        "period_end": 2028,
        "period_evidence": "",
        "levels": ["Mål"],
        "items": [{"title": "Fler läser", "depth": 0, "confidence": 0.9, "description": ""}],
        "sections": [],
        "blocks": [{"kind": "paragraph", "text": "Fler läser", "level": 1}],
    }
    reading = PlanReading.objects.create(
        user=p.editor, organisation=p.home, file_name="plan.txt", content=b"Fler", data=data
    )
    return {"pk": reading.pk}


def _draft_with_source(p: Personas) -> dict:
    from verksam.plans.upload.models import PlanSourceFile

    PlanSourceFile.objects.create(
        plan=p.draft_plan, file_name="plan.txt", content_type="text/plain", content=b"Plan"
    )
    return {"pk": p.draft_plan.pk}


def _round(p: Personas):
    from verksam.followup.models import FollowUpRound

    plan = p.draft_plan
    return FollowUpRound.objects.get_or_create(
        plan=plan,
        period_start=plan.period_start,
        period_end=plan.period_end,
        defaults={"name": "Helår", "rhythm": "annual", "due_date": plan.period_end},
    )[0]


def _plan_round(p: Personas) -> dict:
    return {"plan_pk": p.draft_plan.pk, "pk": _round(p).pk}


def _round_item(p: Personas) -> dict:
    return {
        "plan_pk": p.draft_plan.pk,
        "round_pk": _round(p).pk,
        "item_pk": p.draft_plan.items.get(depth=1).pk,
    }


def _submitted_assessment(p: Personas) -> dict:
    from verksam.followup.models import Assessment

    kwargs = _round_item(p)
    Assessment.objects.create(
        round_id=kwargs["round_pk"], item_id=kwargs["item_pk"], status="met", state="submitted"
    )
    return kwargs


def _approved_assessment(p: Personas) -> dict:
    """An approved follow-up of the draft plan, which its editors and reporters may share."""
    from verksam.followup.models import Assessment

    kwargs = _round_item(p)
    assessment = Assessment.objects.create(
        round_id=kwargs["round_pk"], item_id=kwargs["item_pk"], status="met", state="approved"
    )
    return {"assessment_pk": assessment.pk}


def _unshared_note(p: Personas) -> dict:
    """A scanning note of home, not shared, written by its reporter."""
    from verksam.lessons.tests.builders import make_note

    return {"pk": make_note(p.home, shared=False, created_by=p.reporter).pk}


def _comment(p: Personas) -> dict:
    """A comment by the reader on the draft plan's lower item."""
    from verksam.comments.services import comment_create

    item = p.draft_plan.items.get(depth=1)
    return {"pk": comment_create(user=p.reader, item=item, body="Hur går det?").pk}


def _planning_model(p: Personas):
    """An own planning model of `home` (two steps), made once per test."""
    from verksam.planning.tests.builders import make_model

    if not hasattr(p, "planning_model"):
        p.planning_model = make_model(p.home, user=p.editor)
    return p.planning_model


def _planning_step(p: Personas) -> dict:
    model = _planning_model(p)
    return {"model_pk": model.pk, "pk": model.steps.order_by("position").first().pk}


def _planning_plan_step(p: Personas) -> dict:
    """The draft plan, following `home`'s own model: its first step."""
    from verksam.planning.models import PlanFollowsModel

    PlanFollowsModel.objects.get_or_create(plan=p.draft_plan, model=_planning_model(p))
    return {"plan_pk": p.draft_plan.pk, "number": 1}


def _budget_line(p: Personas) -> dict:
    """A budget line of the draft plan's goal, which its editors change."""
    from verksam.resources.models import BudgetLine

    item = p.draft_plan.items.get(depth=1)
    line, _created = BudgetLine.objects.get_or_create(
        item=item, kind="media", year=2026, defaults={"amount": 45000}
    )
    return {"pk": line.pk}


def _closed_round(p: Personas) -> dict:
    followup_round = _round(p)
    followup_round.is_closed = True
    followup_round.save()
    return {"plan_pk": p.draft_plan.pk, "pk": followup_round.pk}


def _indicator(p: Personas):
    from verksam.indicators.models import Indicator

    return Indicator.objects.get_or_create(
        key="besok", defaults={"name": "Besök", "unit": "besök", "organisation": p.home}
    )[0]


def _item_indicator(p: Personas):
    from verksam.indicators.models import ItemIndicator

    item = p.draft_plan.items.get(depth=1)
    return ItemIndicator.objects.get_or_create(
        item=item, indicator=_indicator(p), defaults={"organisation": p.home}
    )[0]


def _item_indicator_kwargs(p: Personas) -> dict:
    item_indicator = _item_indicator(p)
    return {
        "plan_pk": p.draft_plan.pk,
        "item_pk": item_indicator.item_id,
        "pk": item_indicator.pk,
    }


def _target(p: Personas) -> dict:
    from verksam.indicators.models import Target

    target = Target.objects.create(
        item_indicator=_item_indicator(p),
        period_start=p.draft_plan.period_start,
        period_end=p.draft_plan.period_end,
        value=100,
    )
    return {"pk": target.pk}


def _measurement(p: Personas) -> dict:
    from verksam.indicators.models import Measurement

    measurement = Measurement.objects.create(
        indicator=_indicator(p),
        organisation=p.home,
        period_start=p.draft_plan.period_start,
        period_end=p.draft_plan.period_end,
        value=1200,
    )
    return {"pk": measurement.pk}


def _measurement_import(p: Personas) -> dict:
    from verksam.indicators.models import MeasurementImport

    measurement_import = MeasurementImport.objects.create(
        user=p.editor,
        organisation=p.home,
        file_name="varden.csv",
        file_format="csv",
        content=b"indikator;varde\n",
        state="invalid",
    )
    return {"pk": measurement_import.pk}


def _generated_document(p: Personas) -> dict:
    from verksam.documents.models import GeneratedDocument

    document = GeneratedDocument.objects.create(
        plan=p.draft_plan,
        kind="plan",
        file_format="html",
        language="sv",
        state="done",
        progress=100,
        content=b"<!doctype html><title>Verksamhetsplan 2026</title>",
        file_name="Verksamhetsplan-2026-Kalmar-stadsbibliotek.html",
        size=48,
        created_by=p.editor,
    )
    return {"pk": document.pk}


def _report_document(p: Personas) -> dict:
    from verksam.documents.models import GeneratedDocument

    document = GeneratedDocument.objects.create(
        plan=p.draft_plan,
        followup_round=_round(p),
        kind="board",
        file_format="html",
        language="sv",
        state="done",
        progress=100,
        content="<!doctype html><title>Återrapportering</title>".encode(),
        file_name="Aterrapportering-2026.html",
        size=46,
        created_by=p.editor,
    )
    return {"pk": document.pk}


def _api_token(p: Personas) -> dict:
    from verksam.core.models import ApiToken

    token, _key = ApiToken.objects.create_for(user=p.reader, name="Statistikskript")
    return {"pk": token.pk}


def _home(p: Personas) -> dict:
    return {"organisation_pk": p.home.pk}


def _training(p: Personas) -> dict:
    """A training in the register of `home`, through the service."""
    from verksam.competence.tests.builders import make_training

    return {"pk": make_training(p.home, user=p.editor, participants=[p.reader]).pk}


def _proposal(p: Personas) -> dict:
    """A proposal made by the reader of `home`, through the service."""
    from verksam.competence.tests.builders import make_proposal

    return {"pk": make_proposal(p.home, user=p.reader).pk}


def _draft_plan(p: Personas) -> dict:
    return {"plan_pk": p.draft_plan.pk}


def _county_cell(p: Personas) -> dict:
    """A focus area of the region's draft plan: only those who may read the plan see it."""
    focus_area = p.other_draft_plan.items.get(depth=0)
    return {"pk": p.other_region.pk, "organisation_pk": p.other.pk, "item_pk": focus_area.pk}


def _comparison(p: Personas) -> dict:
    from verksam.statistics.models import IndicatorTerm
    from verksam.statistics.tests.builders import make_value

    indicator = _indicator(p)
    IndicatorTerm.objects.get_or_create(
        indicator=indicator, defaults={"source": "bibstat", "term": "Besok01"}
    )
    type(p.home).objects.filter(pk=p.home.pk).update(municipality_code="0880")
    if not indicator.uses.exists():
        make_value("Besok01", "0880", 2024, 610000)
    return {"indicator_pk": indicator.pk, "organisation_pk": p.home.pk}


RULES: dict[str, Rule] = {
    "core:home": Rule(),
    "core:api_token_list": Rule(allowed=LOGGED_IN),
    "core:api_token_create": Rule(allowed=LOGGED_IN),
    # Everyone revokes only their own keys; the key here is the reader's.
    "core:api_token_revoke": Rule(
        kwargs=_api_token, method="post", allowed=("reader",), allowed_status=302
    ),
    "login": Rule(allowed=("anonymous",), denied_status=dict.fromkeys(LOGGED_IN, 302)),
    "logout": Rule(method="post", allowed_status=302),
    "set_language": Rule(method="post", allowed_status=302, data={"language": "en"}),
    # Single sign-on is off unless OIDC_ISSUER is set (verksam/sso/tests cover it on).
    "sso:sso_start": Rule(allowed=(), denied_status=dict.fromkeys(EVERYONE, 404)),
    "sso:sso_callback": Rule(allowed=(), denied_status=dict.fromkeys(EVERYONE, 404)),
    "organisations:organisation_list": Rule(),
    "organisations:organisation_detail": Rule(kwargs=lambda p: {"pk": p.home.pk}),
    "plans:plan_detail": Rule(kwargs=_draft, allowed=READERS, denied_status={"anonymous": 404}),
    "plans:plan_create": Rule(kwargs=lambda p: {"organisation_pk": p.home.pk}, allowed=EDITORS),
    "plans:plan_edit": Rule(kwargs=_draft, allowed=EDITORS),
    "plans:plan_reading_upload": Rule(
        kwargs=lambda p: {"organisation_pk": p.home.pk}, allowed=EDITORS
    ),
    # Only the uploader sees a review, not even the organisation's administrators.
    "plans:plan_reading_review": Rule(kwargs=_reading, allowed=("editor",)),
    "plans:plan_source_download": Rule(
        kwargs=_draft_with_source, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "plans:plan_sections_edit": Rule(kwargs=_draft, allowed=EDITORS),
    "plans:plan_adopt": Rule(kwargs=_draft, allowed=ADMINS),
    "plans:plan_send_for_decision": Rule(kwargs=_draft, allowed=EDITORS),
    "plans:plan_return_from_decision": Rule(kwargs=_draft_sent_for_decision, allowed=ADMINS),
    "plans:plan_publish": Rule(
        kwargs=_draft, method="post", allowed=ADMINS, allowed_status=302, data={"publish": "1"}
    ),
    "plans:plan_archive": Rule(kwargs=_draft, method="post", allowed=ADMINS, allowed_status=302),
    "plans:plan_revise": Rule(kwargs=_draft, method="post", allowed=EDITORS, allowed_status=302),
    "plans:plan_continue": Rule(kwargs=_draft, method="post", allowed=EDITORS, allowed_status=302),
    "plans:item_detail": Rule(
        kwargs=_draft_item, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "plans:item_trace": Rule(kwargs=_draft_item, allowed=READERS, denied_status={"anonymous": 404}),
    "plans:plan_coverage": Rule(kwargs=_draft, allowed=READERS, denied_status={"anonymous": 404}),
    "plans:plan_diff": Rule(kwargs=_draft, allowed=READERS, denied_status={"anonymous": 404}),
    "plans:item_create": Rule(kwargs=lambda p: {"plan_pk": p.draft_plan.pk}, allowed=EDITORS),
    "plans:item_edit": Rule(kwargs=_draft_item, allowed=EDITORS),
    "plans:item_move": Rule(kwargs=_draft_item, allowed=EDITORS),
    "plans:item_shift": Rule(
        kwargs=_draft_item,
        method="post",
        allowed=EDITORS,
        allowed_status=302,
        data={"direction": "up"},
    ),
    "plans:item_delete": Rule(kwargs=_draft_item, allowed=EDITORS),
    "plans:item_links": Rule(kwargs=_draft_item, allowed=EDITORS),
    # History is internal: the readers (or higher) of the plan's organisation.
    "plans:plan_history": Rule(kwargs=_draft, allowed=READERS),
    "plans:item_history": Rule(kwargs=_draft_item, allowed=READERS),
    "plans:item_restore": Rule(
        kwargs=_deleted_draft_item, method="post", allowed=ADMINS, allowed_status=302
    ),
    "followup:round_list": Rule(
        kwargs=lambda p: {"plan_pk": p.draft_plan.pk},
        allowed=READERS,
        denied_status={"anonymous": 404},
    ),
    "followup:round_detail": Rule(
        kwargs=_plan_round, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "followup:round_close": Rule(
        kwargs=_plan_round, method="post", allowed=EDITORS, allowed_status=302
    ),
    "followup:round_reopen": Rule(
        kwargs=_closed_round, method="post", allowed=ADMINS, allowed_status=302
    ),
    "followup:assessment_edit": Rule(
        kwargs=_round_item, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "followup:plan_rollover": Rule(kwargs=lambda p: {"plan_pk": p.draft_plan.pk}, allowed=EDITORS),
    "followup:assessment_review": Rule(
        kwargs=_submitted_assessment,
        method="post",
        allowed=EDITORS,
        allowed_status=302,
        data={"action": "approve"},
    ),
    "dashboards:my_followups": Rule(allowed=LOGGED_IN),
    "dashboards:plan_dashboard": Rule(
        kwargs=_draft_plan, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "dashboards:plan_chart": Rule(
        kwargs=lambda p: {"plan_pk": p.draft_plan.pk, "name": "status"},
        allowed=READERS,
        denied_status={"anonymous": 404},
    ),
    "dashboards:organisation_dashboard": Rule(kwargs=lambda p: {"pk": p.home.pk}),
    "dashboards:county_overview": Rule(kwargs=lambda p: {"pk": p.other_region.pk}),
    "dashboards:county_overview_cell": Rule(
        kwargs=_county_cell, allowed=("superuser", "outsider"), denied_status={"anonymous": 404}
    ),
    "dashboards:national_overview": Rule(),
    # The public pages: the same for everyone, logged in or not (verksam/public).
    "public:region_list": Rule(),
    "resources:plan_resources": Rule(
        kwargs=lambda p: {"plan_pk": p.draft_plan.pk},
        allowed=READERS,
        denied_status={"anonymous": 404},
    ),
    "resources:item_budget": Rule(
        kwargs=_draft_item_pk, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "resources:budget_line_edit": Rule(kwargs=_budget_line, allowed=EDITORS),
    "resources:budget_line_remove": Rule(
        kwargs=_budget_line, method="post", allowed=EDITORS, allowed_status=302
    ),
    "resources:budget_template": Rule(
        kwargs=lambda p: {"plan_pk": p.draft_plan.pk},
        allowed=READERS,
        denied_status={"anonymous": 404},
    ),
    "resources:outcome_edit": Rule(
        kwargs=_round_item, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "resources:budget_import": Rule(kwargs=lambda p: {"plan_pk": p.draft_plan.pk}, allowed=EDITORS),
    "lessons:lesson_search": Rule(),
    # Planning models: the built-in ones for all, an organisation's own for its members.
    "planning:model_list": Rule(allowed=LOGGED_IN),
    # The outsider is an editor of another organisation and may define models for it.
    "planning:model_create": Rule(allowed=(*EDITORS, "outsider")),
    "planning:model_detail": Rule(
        kwargs=lambda p: {"pk": _planning_model(p).pk}, allowed=(*READERS,)
    ),
    "planning:model_edit": Rule(kwargs=lambda p: {"pk": _planning_model(p).pk}, allowed=EDITORS),
    "planning:plan_create": Rule(kwargs=lambda p: {"pk": _planning_model(p).pk}, allowed=EDITORS),
    "planning:step_create": Rule(
        kwargs=lambda p: {"model_pk": _planning_model(p).pk}, allowed=EDITORS
    ),
    "planning:step_edit": Rule(kwargs=_planning_step, allowed=EDITORS),
    "planning:step_move": Rule(
        kwargs=_planning_step, method="post", allowed=EDITORS, allowed_status=302
    ),
    "planning:step_delete": Rule(kwargs=_planning_step, allowed=EDITORS),
    "planning:plan_step": Rule(kwargs=_planning_plan_step, allowed=EDITORS),
    "planning:plan_step_done": Rule(
        kwargs=_planning_plan_step,
        method="post",
        allowed=EDITORS,
        allowed_status=302,
        data={"done": "1"},
    ),
    "lessons:lesson_share": Rule(kwargs=_approved_assessment, allowed=EDITORS + ("reporter",)),
    # Notes: written by an organisation's reporters and up (the outsider edits other);
    # an unshared one read by its organisation's members, changed by its writer and editors.
    "lessons:note_list": Rule(allowed=LOGGED_IN),
    "lessons:note_create": Rule(allowed=EDITORS + ("reporter", "outsider")),
    "lessons:note_detail": Rule(
        kwargs=_unshared_note, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "lessons:note_edit": Rule(kwargs=_unshared_note, allowed=EDITORS + ("reporter",)),
    # The e-archive package: the plan's administrators (a draft's page says it cannot be).
    "archive:plan_package": Rule(kwargs=_draft, allowed=ADMINS),
    # Comments: the members of the plan's organisation; editing is the writer's (the
    # reader's), removing the writer's and the administrators'.
    "comments:comment_create": Rule(kwargs=_draft_item_pk, allowed=READERS),
    "comments:comment_edit": Rule(kwargs=_comment, allowed=("reader",)),
    "comments:comment_remove": Rule(kwargs=_comment, allowed=("superuser", "admin", "reader")),
    "comments:thread_resolve": Rule(
        kwargs=_comment, method="post", data={"resolved": "1"}, allowed=READERS, allowed_status=302
    ),
    "public:region_detail": Rule(kwargs=lambda p: {"county_slug": "kalmar-lan"}),
    "public:municipality_detail": Rule(
        kwargs=lambda p: {"county_slug": "kalmar-lan", "municipality_slug": "kalmar"}
    ),
    "public:plan_detail": Rule(
        kwargs=lambda p: {"pk": p.published_plan.pk, "slug": "verksamhetsplan-2025"}
    ),
    "public:accessibility_statement": Rule(),
    "statistics:catalogue": Rule(),
    "statistics:peer_group_list": Rule(
        kwargs=lambda p: {"organisation_pk": p.home.pk}, allowed=EDITORS
    ),
    "statistics:term_choose": Rule(kwargs=_draft_item_pk, allowed=EDITORS),
    "statistics:comparison_detail": Rule(
        kwargs=_comparison, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "statistics:comparison_chart": Rule(
        kwargs=_comparison, allowed=READERS, denied_status={"anonymous": 404}
    ),
    "indicators:indicator_list": Rule(),
    # The outsider is an editor of another organisation and defines indicators for it.
    "indicators:indicator_create": Rule(allowed=(*EDITORS, "outsider")),
    "indicators:indicator_detail": Rule(
        kwargs=lambda p: {"pk": _indicator(p).pk},
        allowed=READERS,
        denied_status={"anonymous": 404},
    ),
    "indicators:indicator_edit": Rule(kwargs=lambda p: {"pk": _indicator(p).pk}, allowed=EDITORS),
    "indicators:item_indicators": Rule(kwargs=_draft_item_pk, allowed=EDITORS),
    "indicators:item_indicator_remove": Rule(
        kwargs=_item_indicator_kwargs, method="post", allowed=EDITORS, allowed_status=302
    ),
    "indicators:target_remove": Rule(
        kwargs=_target, method="post", allowed=EDITORS, allowed_status=302
    ),
    "indicators:measurement_list": Rule(
        kwargs=lambda p: {"organisation_pk": p.home.pk}, allowed=READERS
    ),
    "indicators:measurement_delete": Rule(
        kwargs=_measurement,
        method="post",
        allowed=("superuser", "admin", "editor", "reporter"),
        allowed_status=302,
    ),
    "imports:import_start": Rule(kwargs=_home, allowed=EDITORS),
    "imports:import_mapping": Rule(kwargs=_measurement_import, allowed=EDITORS),
    "imports:import_preview": Rule(kwargs=_measurement_import, allowed=EDITORS),
    "imports:import_progress": Rule(kwargs=_measurement_import, allowed=EDITORS),
    "imports:import_run": Rule(
        kwargs=_measurement_import, method="post", allowed=EDITORS, allowed_status=302
    ),
    "imports:measurement_export": Rule(
        kwargs=lambda p: {"organisation_pk": p.home.pk, "file_format": "csv"}, allowed=READERS
    ),
    "documents:document_list": Rule(kwargs=_draft_plan, allowed=READERS),
    "documents:document_create": Rule(kwargs=_draft_plan, allowed=READERS),
    "documents:document_detail": Rule(kwargs=_generated_document, allowed=READERS),
    "documents:document_download": Rule(kwargs=_generated_document, allowed=READERS),
    "documents:document_approve": Rule(kwargs=_report_document, allowed=ADMINS),
    "documents:organisation_document_settings": Rule(kwargs=_home, allowed=ADMINS),
    "competence:training_list": Rule(kwargs=_home, allowed=READERS),
    "competence:training_create": Rule(kwargs=_home, allowed=EDITORS + ("reporter",)),
    "competence:training_edit": Rule(kwargs=_training, allowed=EDITORS + ("reporter",)),
    "competence:training_delete": Rule(kwargs=_training, allowed=EDITORS + ("reporter",)),
    "competence:proposal_list": Rule(kwargs=_home, allowed=READERS),
    "competence:proposal_create": Rule(kwargs=_home, allowed=READERS),
    "competence:proposal_detail": Rule(kwargs=_proposal, allowed=READERS),
    "competence:register_indicators": Rule(kwargs=_home, allowed=EDITORS + ("reporter",)),
    "plans:item_link_remove": Rule(
        kwargs=_linked_draft_item, method="post", allowed=EDITORS, allowed_status=302
    ),
}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's admin has its own staff-only permissions.
            if pattern.namespace == "api":
                # The API answers JSON, not pages: verksam/core/tests/test_api_exposure.py
                # enumerates every API route itself and requests it as each persona.
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_it_has_a_rule_for_every_url():
    names = _url_names(get_resolver())
    assert names - set(RULES) == set(), "URLs without a permission rule in RULES"
    assert set(RULES) - names == set(), "rules for URLs that no longer exist"


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("url_name", sorted(RULES))
def test_it_answers_each_persona_as_the_rules_say(client, personas, url_name, persona):
    rule = RULES[url_name]
    user = personas.user(persona)
    if persona != "anonymous":
        client.force_login(user)
    url = reverse(url_name, kwargs=rule.kwargs(personas) if rule.kwargs else None)
    response = getattr(client, rule.method)(url, rule.data)

    expected = rule.expected(persona)
    if expected == LOGIN:
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, (url_name, persona, response)


@pytest.mark.parametrize("persona", EVERYONE)
def test_it_shows_a_published_plan_to_everyone(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(item.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_it_hides_adopted_but_unpublished_plans_from_outsiders(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    plan = personas.adopted_unpublished_plan
    assert client.get(plan.get_absolute_url()).status_code == 404
