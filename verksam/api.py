"""Verksam's open-data API, under /api/v1/: one NinjaAPI over the routers of the apps.

Each app keeps its routes in its own ``api.py`` and decides access through its
``permissions.py``; the shared parts (authentication, pages of lists, errors)
are in ``verksam/core/api.py``. docs/api.md describes every route and field;
the OpenAPI schema is at /api/v1/openapi.json and a page listing every
operation at /api/v1/docs.
"""

from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from verksam.comments.api import router as comments_router
from verksam.competence.api import router as competence_router
from verksam.core.api import READ_AUTH, install_error_handlers, use_request_language
from verksam.followup.api import router as followup_router
from verksam.indicators.api import router as indicators_router
from verksam.lessons.api import router as lessons_router
from verksam.organisations.api import router as organisations_router
from verksam.planning.api import router as planning_router
from verksam.plans.api import router as plans_router
from verksam.resources.api import router as resources_router
from verksam.statistics.api import router as statistics_router

#: The order in which an operation's methods are listed, reads first.
METHOD_ORDER = ("get", "post", "put", "patch", "delete")


class ApiReference(DocsBase):
    """The API's documentation as a page of Verksam's own, drawn from the OpenAPI schema:
    every operation with its parameters, and the schema itself for tools. It replaces the
    interactive documentation, whose page could not be made accessible (contrast, nested
    controls, no language) and needed scripts."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        groups: dict[str, list[dict]] = {}
        for path, operations in schema["paths"].items():
            for method in METHOD_ORDER:
                operation = operations.get(method)
                if operation is None:
                    continue
                tag = (operation.get("tags") or ["api"])[0]
                groups.setdefault(tag, []).append(
                    {
                        "id": operation.get("operationId") or f"{method}-{path}",
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "parameters": operation.get("parameters", []),
                        "has_body": "requestBody" in operation,
                        "open": {} in operation.get("security", []),
                    }
                )
        context = {
            "api": api,
            "info": schema["info"],
            "groups": sorted(groups.items()),
            "schema_url": self.get_openapi_url(api, kwargs),
        }
        return render(request, "api/docs.html", context)


class VerksamAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # The URL name is short, stable and unique: plan_list, measurement_create …
        return operation.url_name or super().get_openapi_operation_id(operation)

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Every read is open to anonymous callers too: an empty requirement says so.
        for operations in schema["paths"].values():
            read = operations.get("get")
            if read is not None and {} not in read.setdefault("security", []):
                read["security"].append({})
        return schema


api = VerksamAPI(
    title="Verksam",
    version="1",
    description=(
        "Open data of Verksam: organisations, plans, their items and contributes-to links, "
        "indicators, measured values, follow-up rounds and assessments. Reading needs no "
        "token; writing needs a personal API token (`Authorization: Bearer <token>`) or a "
        "logged-in session with its CSRF token. See docs/api.md in Verksam's repository."
    ),
    urls_namespace="api",
    auth=READ_AUTH,
    docs=ApiReference(),
)
api.add_decorator(use_request_language, mode="view")
install_error_handlers(api)

api.add_router("", organisations_router)
api.add_router("", plans_router)
api.add_router("", indicators_router)
api.add_router("", followup_router)
api.add_router("", statistics_router)
api.add_router("", lessons_router)
api.add_router("", planning_router)
api.add_router("", comments_router)
api.add_router("", resources_router)
api.add_router("", competence_router)
