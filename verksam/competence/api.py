"""The register of competence development and staff's proposals in the API.

The same rules as the pages (verksam.competence.permissions): trainings and proposals
are internal, so only members of their organisation read them; anyone else, an
anonymous caller too, gets an empty list and 404 for one by id. Trainings are not
published with a plan: they name staff, and a plan's published pages do not show them.
Members propose, and reporters and up register trainings, through the same services as
the pages; deciding on proposals is done on the site.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from verksam.competence import services
from verksam.competence.choices import ProposalKind, ProposalState, TrainingKind
from verksam.competence.models import Proposal, Training
from verksam.competence.permissions import (
    organisation_for_user,
    servable_items,
    visible_proposals,
    visible_trainings,
)
from verksam.competence.selectors import participant_count, participant_hours, with_counts
from verksam.competence.services import eligible_participants
from verksam.core.api import (
    READ_ERRORS,
    WRITE_AUTH,
    WRITE_ERRORS,
    Id,
    InvalidInput,
    PageQuery,
    caller,
    invalid,
    page_schema,
    text_of,
)
from verksam.organisations.choices import Role
from verksam.plans.permissions import readable_plan_ids

router = Router(tags=["competence"])


class ServedItemOut(Schema):
    id: int
    title: str
    plan_id: int


class TrainingOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    title: str
    kind: TrainingKind
    start_date: datetime.date
    end_date: datetime.date | None
    hours: float = Field(description="Hours for one participant.")
    provider: str
    description: str
    named_participants: int = Field(description="Members of the organisation who took part.")
    other_participants: int = Field(description="Others who took part, as a count.")
    participants: int = Field(description="Everyone who took part.")
    participant_hours: float = Field(description="Hours times participants.")
    items: list[ServedItemOut] = Field(
        description="The goals and items it serves, of plans the caller may read."
    )


class TrainingFilters(Schema):
    organisation: Id | None = None
    year: int | None = Field(None, ge=1900, le=2200, description="Trainings started this year.")
    item: Id | None = Field(None, description="Only trainings serving this item.")


TrainingPage = page_schema("TrainingPage", TrainingOut)


def _training_rows(user, trainings) -> list[dict]:
    trainings = list(trainings)
    plan_ids = {item.plan_id for training in trainings for item in training.items.all()}
    readable = readable_plan_ids(user, plan_ids)
    return [
        {
            "id": training.pk,
            "organisation_id": training.organisation_id,
            "organisation": training.organisation.name,
            "title": training.title,
            "kind": training.kind,
            "start_date": training.start_date,
            "end_date": training.end_date,
            "hours": float(training.hours),
            "provider": training.provider,
            "description": training.description,
            "named_participants": training.named,
            "other_participants": training.other_participants,
            "participants": participant_count(training),
            "participant_hours": float(participant_hours(training)),
            "items": [
                {"id": item.pk, "title": item.title, "plan_id": item.plan_id}
                for item in training.items.all()
                if item.plan_id in readable
            ],
        }
        for training in trainings
    ]


@router.get(
    "/trainings",
    response={200: TrainingPage, **READ_ERRORS},
    url_name="training_list",
    summary="List the trainings of the registers of competence development",
)
def training_list(request: HttpRequest, filters: Query[TrainingFilters], page: Query[PageQuery]):
    user = caller(request)
    trainings = visible_trainings(user)
    if filters.organisation:
        trainings = trainings.filter(organisation_id=filters.organisation)
    if filters.year:
        trainings = trainings.filter(
            start_date__gte=datetime.date(filters.year, 1, 1),
            start_date__lte=datetime.date(filters.year, 12, 31),
        )
    if filters.item:
        trainings = trainings.filter(items=filters.item)
    trainings = trainings.order_by("-start_date", "-pk")
    window = with_counts(trainings)[page.offset : page.offset + page.limit]
    return {
        "count": trainings.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": _training_rows(user, window),
    }


@router.get(
    "/trainings/{training_id}",
    response={200: TrainingOut, **READ_ERRORS},
    url_name="training_detail",
    summary="One training of a register of competence development",
)
def training_detail(request: HttpRequest, training_id: Id):
    user = caller(request)
    rows = _training_rows(user, with_counts(visible_trainings(user).filter(pk=training_id)))
    if not rows:
        raise Http404
    return rows[0]


class ProposalOut(Schema):
    id: int
    organisation_id: int
    kind: ProposalKind
    title: str
    description: str
    reason: str = Field(description="Why it is proposed.")
    goal_id: int | None = Field(description="The goal it serves, when the caller may read it.")
    proposed_by: str
    proposed_at: datetime.datetime
    state: ProposalState
    decided_at: datetime.datetime | None
    decision_comment: str
    item_id: int | None = Field(description="The item it became, when accepted.")


class ProposalFilters(Schema):
    organisation: Id | None = None
    state: ProposalState | None = None


ProposalPage = page_schema("ProposalPage", ProposalOut)


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _proposal_rows(user, proposals) -> list[dict]:
    proposals = list(proposals)
    plan_ids = {p.goal.plan_id for p in proposals if p.goal_id} | {
        p.item.plan_id for p in proposals if p.item_id
    }
    readable = readable_plan_ids(user, plan_ids)
    return [
        {
            "id": proposal.pk,
            "organisation_id": proposal.organisation_id,
            "kind": proposal.kind,
            "title": proposal.title,
            "description": proposal.description,
            "reason": proposal.reason,
            "goal_id": proposal.goal_id
            if proposal.goal_id and proposal.goal.plan_id in readable
            else None,
            "proposed_by": _person(proposal.proposed_by),
            "proposed_at": proposal.created_at,
            "state": proposal.state,
            "decided_at": proposal.decided_at,
            "decision_comment": proposal.decision_comment,
            "item_id": proposal.item_id
            if proposal.item_id and proposal.item.plan_id in readable
            else None,
        }
        for proposal in proposals
    ]


def _proposals(user):
    return visible_proposals(user).select_related("proposed_by", "goal", "item")


@router.get(
    "/proposals",
    response={200: ProposalPage, **READ_ERRORS},
    url_name="proposal_list",
    summary="List the proposals of trainings and projects (members only)",
)
def proposal_list(request: HttpRequest, filters: Query[ProposalFilters], page: Query[PageQuery]):
    user = caller(request)
    proposals = _proposals(user)
    if filters.organisation:
        proposals = proposals.filter(organisation_id=filters.organisation)
    if filters.state:
        proposals = proposals.filter(state=filters.state)
    proposals = proposals.order_by("-created_at", "-pk")
    return {
        "count": proposals.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": _proposal_rows(user, proposals[page.offset : page.offset + page.limit]),
    }


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **READ_ERRORS},
    url_name="proposal_detail",
    summary="One proposal of a training or a project, with its decision (members only)",
)
def proposal_detail(request: HttpRequest, proposal_id: Id):
    user = caller(request)
    rows = _proposal_rows(user, _proposals(user).filter(pk=proposal_id))
    if not rows:
        raise Http404
    return rows[0]


# Writes -----------------------------------------------------------------------------------


class TrainingIn(Schema):
    organisation: Id
    title: text_of(Training, "title", one_line=True)
    kind: TrainingKind = TrainingKind.COURSE
    start_date: datetime.date
    end_date: datetime.date | None = None
    hours: Decimal = Field(Decimal(0), ge=0, le=9999, decimal_places=1)
    provider: text_of(Training, "provider", one_line=True) = ""
    description: text_of(Training, "description") = ""
    participants: list[Id] = Field(
        [], max_length=1000, description="Users who took part, members of the organisation."
    )
    other_participants: int = Field(0, ge=0, le=100000)
    items: list[Id] = Field([], max_length=1000, description="Goals and items it serves.")


@router.post(
    "/trainings",
    response={201: TrainingOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    url_name="training_create",
    summary="Register a training (reporters and up of the organisation)",
)
def training_create(request: HttpRequest, data: TrainingIn):
    """Register a training; the organisation's register indicators are counted again.
    404 for an organisation where the caller is not a reporter or more."""
    user = caller(request)
    organisation = organisation_for_user(user, data.organisation, at_least=Role.REPORTER)
    # Only members are looked up, so the answer tells nothing of other users' ids.
    people = list(eligible_participants(organisation).filter(pk__in=set(data.participants)))
    if len(people) != len(set(data.participants)):
        raise invalid(
            "participants",
            _("Participants must be members of %(organisation)s.")
            % {"organisation": organisation.name},
        )
    items = list(servable_items(user, organisation).filter(pk__in=set(data.items)))
    if len(items) != len(set(data.items)):
        raise invalid(
            "items",
            _("Choose goals and items of plans that %(organisation)s works by.")
            % {"organisation": organisation.name},
        )
    fields = data.model_dump(exclude={"organisation", "participants", "items"})
    try:
        training = services.training_create(
            user=user, organisation=organisation, participants=people, items=items, **fields
        )
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from None
    rows = _training_rows(user, with_counts(Training.objects.filter(pk=training.pk)))
    return Status(201, rows[0])


class ProposalIn(Schema):
    organisation: Id
    kind: ProposalKind = ProposalKind.TRAINING
    title: text_of(Proposal, "title", one_line=True)
    description: text_of(Proposal, "description") = ""
    reason: text_of(Proposal, "reason") = Field("", description="Why it is proposed.")
    goal: Id | None = Field(None, description="A goal of a plan the organisation works by.")


@router.post(
    "/proposals",
    response={201: ProposalOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    url_name="proposal_create",
    summary="Propose a training or a project (members of the organisation)",
)
def proposal_create(request: HttpRequest, data: ProposalIn):
    """Propose to an organisation the caller is a member of; 404 for any other."""
    user = caller(request)
    organisation = organisation_for_user(user, data.organisation)
    goal = None
    if data.goal is not None:
        goal = servable_items(user, organisation).filter(pk=data.goal).first()
        if goal is None:
            raise invalid(
                "goal",
                _("Choose a goal of a plan that %(organisation)s works by.")
                % {"organisation": organisation.name},
            )
    try:
        proposal = services.proposal_create(
            user=user,
            organisation=organisation,
            kind=data.kind,
            title=data.title,
            description=data.description,
            reason=data.reason,
            goal=goal,
        )
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from None
    return Status(201, _proposal_rows(user, _proposals(user).filter(pk=proposal.pk))[0])
