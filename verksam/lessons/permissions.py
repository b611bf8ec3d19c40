"""Who may share a follow-up as a lesson; who finds lessons is in selectors.findable_lessons."""

from django.http import Http404

from verksam.followup.models import Assessment
from verksam.plans.permissions import visible_plans


def assessment_to_share_for_user(user, pk: int) -> Assessment:
    """A follow-up the user may share (or take back), its item's reporters and its plan's
    editors and administrators: 404 for any other."""
    from verksam.lessons.services import may_share

    assessment = (
        Assessment.objects.filter(pk=pk, round__plan__in=visible_plans(user).values("pk"))
        .select_related("item__plan", "round__plan__organisation")
        .first()
    )
    if assessment is None or not may_share(user, assessment):
        raise Http404
    return assessment
