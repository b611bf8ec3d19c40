"""Who may make and download which document, and change which document settings: decided here.

A document says what its plan says, so making one and downloading one both
need read access to the plan (verksam.plans.permissions decides), and a login:
documents are made and kept for the people who work with the plan, and
anonymous visitors read published plans on their pages instead. Document
settings belong to an organisation's administrators; they reach its units.
Whatever a person may not see answers 404, so its existence is not revealed.
"""

from django.http import Http404

from verksam.documents.models import GeneratedDocument
from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import has_role
from verksam.plans.models import Plan
from verksam.plans.permissions import can_administer_plan, can_read_plan, plan_for_user


def can_make_documents(user, plan: Plan) -> bool:
    """Any logged-in person who may read the plan may make documents of it."""
    return user.is_authenticated and can_read_plan(user, plan)


def document_plan_for_user(user, plan_pk: int) -> Plan:
    """The plan whose documents the user may make and read, otherwise 404."""
    plan = plan_for_user(user, plan_pk)
    if not can_make_documents(user, plan):
        raise Http404
    return plan


def document_for_user(user, pk: int, *, with_content: bool = False) -> GeneratedDocument:
    """The generated document if the user may read its plan, otherwise 404."""
    documents = GeneratedDocument.objects.select_related(
        "plan__organisation", "followup_round", "created_by"
    )
    if not with_content:
        documents = documents.without_content()
    try:
        document = documents.get(pk=pk)
    except GeneratedDocument.DoesNotExist:
        raise Http404 from None
    if not can_make_documents(user, document.plan):
        raise Http404
    return document


def approvable_document_for_user(user, pk: int) -> GeneratedDocument:
    """The document if the user may record a board's approval of it, otherwise 404.

    Recording a board's decision is for the plan's administrators, as adopting the plan is.
    """
    document = document_for_user(user, pk)
    if not can_administer_plan(user, document.plan):
        raise Http404
    return document


def can_edit_document_settings(user, organisation: Organisation) -> bool:
    """Administrators of the organisation (or of one above it) set how its documents look."""
    return has_role(user, organisation, Role.ADMIN)


def settings_organisation_for_user(user, organisation_pk: int) -> Organisation:
    """The organisation if the user may change its document settings, otherwise 404."""
    try:
        organisation = Organisation.objects.get(pk=organisation_pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not can_edit_document_settings(user, organisation):
        raise Http404
    return organisation
