from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    REGION = "region", _("region")
    MUNICIPALITY = "municipality", _("municipality")
    UNIVERSITY = "university", _("university")
    ADMINISTRATION = "administration", _("administration")
    LIBRARY_ORGANISATION = "library", _("library organisation")
    BRANCH = "branch", _("branch library")
    MOBILE_LIBRARY = "mobile", _("mobile library")
    SECTION = "section", _("section")
    LEADERSHIP_GROUP = "leadership", _("leadership group")
    WORK_GROUP = "workgroup", _("work group")
    CROSS_GROUP = "crossgroup", _("cross-group")
    BOARD = "board", _("board")


#: Kinds shown as "groups" of an organisation: the units that own goals.
GROUP_KINDS = (
    OrganisationKind.LEADERSHIP_GROUP,
    OrganisationKind.WORK_GROUP,
    OrganisationKind.CROSS_GROUP,
)


class Role(models.TextChoices):
    """A member's role. Ordered from least to most: each role may do what those below may."""

    READER = "reader", _("reader")
    REPORTER = "reporter", _("reporter")
    EDITOR = "editor", _("editor")
    ADMIN = "admin", _("administrator")


ROLE_RANK = {Role.READER: 1, Role.REPORTER: 2, Role.EDITOR: 3, Role.ADMIN: 4}
