from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from verksam import home
from verksam.api import api
from verksam.core import urls as core_urls
from verksam.core.urls import auth_urlpatterns

admin.site.site_header = _("Verksam administration")
admin.site.site_title = "Verksam"

# The start page is the project's (it reads every app), but keeps its name "core:home",
# which the layout, the error pages and the login settings point to.
core_patterns = [path("", home.home, name="home"), *core_urls.urlpatterns]

urlpatterns = [
    path("", include((core_patterns, core_urls.app_name))),
    *auth_urlpatterns,
    path("konto/sso/", include("verksam.sso.urls")),
    path("organisationer/", include("verksam.organisations.urls")),
    path("planer/", include("verksam.plans.urls")),
    path("uppfoljning/", include("verksam.followup.urls")),
    path("oversikt/", include("verksam.followup.dashboards.urls")),
    path("indikatorer/", include("verksam.indicators.urls")),
    path("statistik/", include("verksam.statistics.urls")),
    path("import/", include("verksam.indicators.imports.urls")),
    path("dokument/", include("verksam.documents.urls")),
    path("lardomar/", include("verksam.lessons.urls")),
    path("e-arkiv/", include("verksam.archive.urls")),
    path("planeringsmodeller/", include("verksam.planning.urls")),
    path("kommentarer/", include("verksam.comments.urls")),
    path("resurser/", include("verksam.resources.urls")),
    path("kompetens/", include("verksam.competence.urls")),
    path("", include("verksam.public.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
