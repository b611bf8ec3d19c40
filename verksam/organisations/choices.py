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


#: Sweden's 21 counties (län) by Statistics Sweden's two-digit county code. A
#: municipality's four-digit code begins with the code of its county: 0880
#: Kalmar is in 08 Kalmar län. The names are proper names and not translated.
COUNTIES: dict[str, str] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}
