"""Who may share a follow-up as a lesson; who finds lessons is in selectors.findable_lessons."""

from django.http import Http404

from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment
from verksam.followup.permissions import can_review
from verksam.plans.permissions import visible_plans


def assessment_to_share_for_user(user, pk: int) -> Assessment:
    """An approved follow-up the user may share (or take back): 404 for any other."""
    assessment = (
        Assessment.objects.filter(
            pk=pk,
            state=AssessmentState.APPROVED,
            round__plan__in=visible_plans(user).values("pk"),
        )
        .select_related("item", "round__plan__organisation")
        .first()
    )
    if assessment is None or not can_review(user, assessment.round.plan):
        raise Http404
    return assessment
