"""Titles and text limits: one cleaning and one set of limits for forms, services and API.

verksam.core.text cleans titles (invisible-only titles refused, bidi controls
removed) and gives every text field its limit from the model. These tests send
the same awkward titles through the pages, the services and the API, and walk
every form and every API request schema to check that a field has the same
limit wherever it is written.
"""

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

import verksam.urls  # noqa: F401  (imports every view, and so every form)
from verksam.api import api
from verksam.comments.models import Comment
from verksam.competence.models import Proposal, Training
from verksam.core.forms import LineField
from verksam.core.models import ApiToken
from verksam.core.text import LONG_TEXT_MAX_LENGTH, clean_line, text_limit
from verksam.documents.models import DocumentApproval, DocumentSettings
from verksam.followup.models import Assessment, FollowUpRound
from verksam.indicators.models import Indicator, ItemIndicator, Measurement
from verksam.lessons.models import Note
from verksam.planning.models import PlanningModel, PlanningStep
from verksam.plans import services as plan_services
from verksam.plans.models import Decision, DecisionRequest, Item, Plan, PlanSection
from verksam.resources.models import BudgetLine, Outcome
from verksam.statistics.models import PeerGroup

#: Titles with nothing a reader can see.
INVISIBLE_TITLES = [
    "   ",
    "\u200b\u200c\u200d",
    "\u2060\ufeff \u00a0",
    "\u202e\u202a\u202b\u202c\u202d",
    "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    " \u200b\u202e \u2069\t",
]


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("  Läsfrämjande  ", "Läsfrämjande"),
        ("\u202eLäsfrämjande", "Läsfrämjande"),
        ("Läs\u202efrämjande\u202c 2026", "Läsfrämjande 2026"),
        ("Läs\u2067främjande\u2069", "Läsfrämjande"),
        ("\u200b\u200fLäsfrämjande\ufeff\u200e", "Läsfrämjande"),
        ("Barn\u200dunga", "Barn\u200dunga"),  # a joiner inside stays
    ],
)
def test_it_cleans_a_title_as_it_is_stored(sent, stored):
    assert clean_line(sent) == stored


@pytest.mark.parametrize("title", INVISIBLE_TITLES)
def test_it_leaves_nothing_of_an_invisible_title(title):
    assert clean_line(title) == ""


# The pages ---------------------------------------------------------------------------------


def _english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("title", INVISIBLE_TITLES)
def test_it_refuses_an_invisible_plan_title_naming_the_field(client, personas, title):
    _english(client, personas.editor)
    response = client.post(
        reverse("plans:plan_create", kwargs={"organisation_pk": personas.home.pk}),
        {
            "title": title,
            "kind": "operational_plan",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "level_names": "Mål",
        },
    )
    assert response.status_code == 200
    assert "“Title” cannot be empty, or only spaces and invisible characters." in (
        response.content.decode()
    )
    assert not Plan.objects.filter(period_start__year=2027).exists()


@pytest.mark.parametrize("title", INVISIBLE_TITLES)
def test_it_refuses_an_invisible_item_title(client, personas, title):
    _english(client, personas.editor)
    plan = personas.draft_plan
    before = plan.items.count()
    response = client.post(
        reverse("plans:item_create", kwargs={"plan_pk": plan.pk}), {"title": title}
    )
    assert "Give the item a title." in response.content.decode()
    assert plan.items.count() == before


@pytest.mark.parametrize(
    ("url", "data", "field", "message", "model"),
    [
        (
            lambda p: reverse("indicators:indicator_create"),
            lambda p: {
                "key": "Barn01",
                "direction": "higher",
                "decimals": "0",
                "source": "manual",
                "organisation": p.home.pk,
            },
            "name",
            "Give the indicator a name.",
            Indicator,
        ),
        (
            lambda p: reverse("followup:round_list", kwargs={"plan_pk": p.draft_plan.pk}),
            lambda p: {
                "action": "custom",
                "period_start": "2026-01-01",
                "period_end": "2026-06-30",
                "due_date": "2026-07-15",
            },
            "name",
            "“Name” cannot be empty, or only spaces and invisible characters.",
            FollowUpRound,
        ),
        (
            lambda p: reverse("core:api_token_create"),
            lambda p: {},
            "name",
            "Give the token a name.",
            ApiToken,
        ),
    ],
)
def test_it_refuses_invisible_names_on_every_form(
    client, personas, url, data, field, message, model
):
    _english(client, personas.editor)
    for title in INVISIBLE_TITLES:
        response = client.post(url(personas), {**data(personas), field: title})
        assert message in response.content.decode(), title
    assert not model.objects.exists()


def test_it_removes_bidi_controls_inside_a_title_sent_by_a_form(client, personas):
    _english(client, personas.editor)
    plan = personas.draft_plan
    client.post(
        reverse("plans:item_create", kwargs={"plan_pk": plan.pk}),
        {"title": "Fler \u202ebarn\u202c läser\u2066!\u2069"},
    )
    assert plan.items.filter(title="Fler barn läser!").exists()


def test_it_removes_bidi_controls_from_a_section_heading(client, personas):
    _english(client, personas.editor)
    plan = personas.draft_plan
    client.post(
        reverse("plans:plan_sections_edit", kwargs={"pk": plan.pk}),
        {
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-kind": "vision",
            "sections-0-title": "\u202eVision\u200b",
            "sections-0-body": "Alla läser.",
            "sections-0-ORDER": "1",
            "version": plan.version,
        },
    )
    assert list(plan.sections.values_list("title", flat=True)) == ["Vision"]


# The services ------------------------------------------------------------------------------


@pytest.mark.parametrize("title", INVISIBLE_TITLES[1:])
def test_it_refuses_an_invisible_title_in_the_services(personas, title):
    with pytest.raises(ValidationError) as refused:
        plan_services.item_create(user=personas.editor, plan=personas.draft_plan, title=title)
    assert "title" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        plan_services.plan_create(
            user=personas.editor,
            organisation=personas.home,
            kind="operational_plan",
            title=title,
            summary="",
            period_start=personas.draft_plan.period_start,
            period_end=personas.draft_plan.period_end,
            level_names=["Mål"],
        )
    assert "title" in refused.value.message_dict


def test_it_stores_a_title_cleaned_by_the_services(personas):
    item = plan_services.item_create(
        user=personas.editor, plan=personas.draft_plan, title="\u202eFler barn läser\u200b "
    )
    item.refresh_from_db()
    assert item.title == "Fler barn läser"


# The API -----------------------------------------------------------------------------------


def _measurement_body(personas, note: str) -> dict:
    indicator = Indicator.objects.create(key="Besok01", name="Besök", unit="besök")
    return {
        "indicator": indicator.pk,
        "organisation": personas.home.pk,
        "period": "2026",
        "value": "1200",
        "note": note,
    }


def _api_client(client, personas):
    _key = ApiToken.objects.create_for(user=personas.editor, name="Skript")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {_key}"}


def test_it_cleans_a_note_sent_to_the_api_as_the_form_does(client, personas):
    headers = _api_client(client, personas)
    response = client.post(
        "/api/v1/measurements",
        _measurement_body(personas, "\u202eUppskattat\u2066 värde\u2069\u200b "),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert Measurement.objects.get().note == "Uppskattat värde"


def test_it_refuses_in_the_api_a_note_the_form_refuses_as_too_long(client, personas):
    headers = _api_client(client, personas)
    limit = text_limit(Measurement, "note")
    response = client.post(
        "/api/v1/measurements",
        _measurement_body(personas, "x" * (limit + 1)),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert not Measurement.objects.exists()


# The limits --------------------------------------------------------------------------------

#: The model each API request schema writes.
SCHEMA_MODELS = {
    "MeasurementIn": Measurement,
    "MeasurementUpdateIn": Measurement,
    "AssessmentIn": Assessment,
    "AssessmentSubmitIn": Assessment,
    "CommentIn": Comment,
    "TrainingIn": Training,
    "ProposalIn": Proposal,
}

#: The model each form with text fields writes; None for forms that write no model's text
#: (searches, filters, uploads, choices).
FORM_MODELS: dict[str, type | None] = {
    "PlanForm": Plan,
    "PlanCreateForm": Plan,
    "PlanSectionForm": PlanSection,
    "ItemForm": Item,
    "PlanAdoptForm": Decision,
    "PlanSendForDecisionForm": DecisionRequest,
    "PlanReturnForm": DecisionRequest,
    "DocumentApprovalForm": DocumentApproval,
    "BoardDecisionForm": Decision,
    "IndicatorForm": Indicator,
    "ItemIndicatorForm": ItemIndicator,
    "MeasurementForm": Measurement,
    "CustomRoundForm": FollowUpRound,
    "AssessmentForm": Assessment,
    "ReviewForm": Assessment,
    "ApiTokenForm": ApiToken,
    "DocumentSettingsForm": DocumentSettings,
    "PeerGroupForm": PeerGroup,
    "NoteForm": Note,
    "CommentForm": Comment,
    "CommentEditForm": Comment,
    "TrainingForm": Training,
    "CompetenceProposalForm": Proposal,
    "ProposalAcceptForm": Proposal,
    "ProposalDeclineForm": Proposal,
    "RegisterIndicatorForm": Indicator,
    "PlanningModelForm": PlanningModel,
    "PlanningStepForm": PlanningStep,
    "PlanFromModelForm": Plan,
    "StepItemForm": Item,
    "BudgetLineForm": BudgetLine,
    "OutcomeForm": Outcome,
}
#: Form fields that write a model field of another name.
FORM_FIELD_NAMES = {
    ("ReviewForm", "comment"): "reviewer_comment",
    ("PlanReturnForm", "comment"): "return_comment",
    ("ProposalAcceptForm", "comment"): "decision_comment",
    ("ProposalDeclineForm", "comment"): "decision_comment",
    # The names or codes typed, which the form turns into the stored list of codes.
    ("PeerGroupForm", "members"): "members (as typed)",
}


def _all_forms() -> list[type[forms.Form]]:
    found, todo = [], list(forms.Form.__subclasses__())
    while todo:
        form = todo.pop()
        todo.extend(form.__subclasses__())
        if form.__module__.startswith("verksam.") and ".tests." not in form.__module__:
            found.append(form)
    return found


def _model_field_names(model) -> set[str]:
    return {
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    }


def _text_fields(form: type[forms.Form]) -> dict[str, forms.CharField]:
    return {
        name: field
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField)
    }


def _form_limits() -> dict[tuple[type, str], dict[str, int | None]]:
    limits: dict[tuple[type, str], dict[str, int | None]] = {}
    for form in _all_forms():
        model = FORM_MODELS.get(form.__name__)
        if model is None:
            continue
        for name, field in _text_fields(form).items():
            model_name = FORM_FIELD_NAMES.get((form.__name__, name), name)
            if model_name in _model_field_names(model):
                limits.setdefault((model, model_name), {})[form.__name__] = field.max_length
    return limits


def _api_body_schemas() -> dict[str, dict]:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = {}
    for operations in schema["paths"].values():
        for operation in operations.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                name = body["schema"]["$ref"].rsplit("/", 1)[-1]
                found[name] = components[name]
    return found


def _api_limits() -> dict[tuple[type, str], dict[str, int | None]]:
    limits: dict[tuple[type, str], dict[str, int | None]] = {}
    for name, schema in _api_body_schemas().items():
        model = SCHEMA_MODELS[name]
        for field, spec in schema["properties"].items():
            options = spec.get("anyOf", [spec])
            strings = [option for option in options if option.get("type") == "string"]
            if strings and field in _model_field_names(model) and "format" not in strings[0]:
                limits.setdefault((model, field), {})[name] = strings[0].get("maxLength")
    return limits


def test_it_knows_the_model_of_every_api_request_schema():
    assert set(_api_body_schemas()) - set(SCHEMA_MODELS) == set()


def test_it_knows_the_model_of_every_form_with_text_fields():
    unknown = {
        form.__name__
        for form in _all_forms()
        if _text_fields(form) and form.__name__ not in FORM_MODELS
    }
    assert unknown <= NO_MODEL_FORMS, unknown - NO_MODEL_FORMS


#: Forms whose text fields write no model's field: searches, filters, choices.
NO_MODEL_FORMS = {
    "ContributionSearchForm",
    "LessonSearchForm",
    "IndicatorSearchForm",
    "MeasurementFilterForm",
    "OverviewFilterForm",
    "CountyOverviewFilterForm",
    "ImportUploadForm",
    "ColumnMappingForm",
    "DocumentRequestForm",
    "RoundsFromRhythmForm",
    "TargetForm",
    "ItemMoveForm",
    "PlanSectionsVersionForm",
    "BudgetImportForm",
}


def test_it_limits_every_form_field_as_its_model_field():
    limits = _form_limits()
    assert limits, "no form fields found"
    for (model, name), by_form in limits.items():
        for form, limit in by_form.items():
            assert limit == text_limit(model, name), (form, name, limit)


def test_it_limits_every_api_field_as_its_model_field():
    limits = _api_limits()
    assert limits, "no API fields found"
    for (model, name), by_schema in limits.items():
        for schema, limit in by_schema.items():
            assert limit == text_limit(model, name), (schema, name, limit)


def test_it_limits_a_field_the_same_in_the_forms_and_the_api():
    forms_limits, api_limits = _form_limits(), _api_limits()
    shared = set(forms_limits) & set(api_limits)
    assert {(Measurement, "note"), (Assessment, "done")} <= shared
    for key in shared:
        assert set(forms_limits[key].values()) == set(api_limits[key].values()), key


def test_it_gives_long_texts_the_long_text_limit():
    assert text_limit(Assessment, "results") == LONG_TEXT_MAX_LENGTH
    assert text_limit(Item, "title") == Item._meta.get_field("title").max_length


def test_it_cleans_titles_with_the_line_field():
    assert isinstance(_find_form("ItemForm").base_fields["title"], LineField)
    assert isinstance(_find_form("PlanForm").base_fields["title"], LineField)
    assert isinstance(_find_form("IndicatorForm").base_fields["name"], LineField)
    assert isinstance(_find_form("CustomRoundForm").base_fields["name"], LineField)
    assert isinstance(_find_form("ApiTokenForm").base_fields["name"], LineField)


def _find_form(name: str) -> type[forms.Form]:
    return next(form for form in _all_forms() if form.__name__ == name)
