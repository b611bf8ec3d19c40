"""A little discussion on an item of Kalmar's operational plan, to show comments in the demo.

The comments are invented and say so ("Demo:"): a question that names the reporter with
@, so the mention e-mail is shown too (the console in development), a reply, and a
second thread that is already resolved. Written through the comments' services, as
people write them. Loading the demo again leaves an item that has comments as it is.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from verksam.comments.models import Comment
from verksam.comments.services import comment_create, thread_resolve
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item

#: Who writes, in Kalmar's demo organisation.
WRITERS = ("kalmar-editor", "kalmar-reporter", "kalmar-admin")


def demo_comments_load() -> str:
    """Write the demo discussion if it is not there; answers a line for the command's summary."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=WRITERS)}
    if len(users) < len(WRITERS):
        return _("Comments: the Kalmar demo accounts are missing; no comments written.")
    editor, reporter, admin = (users[name] for name in WRITERS)
    item = (
        Item.objects.filter(
            plan__organisation__memberships__user=editor,
            plan__status=PlanStatus.ADOPTED,
            depth__gte=1,
        )
        .select_related("plan__organisation")
        .order_by("-plan__period_start", "plan_id", "depth", "position", "pk")
        .first()
    )
    if item is None:
        return _("Comments: no adopted plan of Kalmar found; no comments written.")
    if Comment.objects.filter(item__plan=item.plan).exists():
        return _("Comments: already there.")
    question = comment_create(
        user=editor,
        item=item,
        body=(
            "Demo: Hur ligger vi till med detta inför tertialuppföljningen? "
            "@kalmar-reporter, kan du ta fram antalet genomförda tillfällen hittills i år?"
        ),
    )
    comment_create(
        user=reporter,
        item=item,
        body="Demo: Ja, jag sammanställer siffrorna från filialerna till nästa vecka.",
        reply_to=question,
    )
    settled = comment_create(
        user=admin,
        item=item,
        body="Demo: Ska aktiviteten även redovisas i årsberättelsen till nämnden?",
    )
    comment_create(
        user=editor, item=item, body="Demo: Ja, under avsnittet om läsfrämjande.", reply_to=settled
    )
    thread_resolve(user=admin, comment=settled, resolved=True)
    return _("Comments: 4 new on “%(item)s” in %(plan)s.") % {
        "item": item.title,
        "plan": item.plan.title,
    }
