"""A system check of the group → role mapping (OIDC_GROUP_ROLES)."""

from django.conf import settings
from django.core.checks import Error, register

ROLES = {"reader", "reporter", "editor", "admin"}


@register()
def check_group_roles(app_configs, **kwargs) -> list[Error]:
    errors = []
    mapping = getattr(settings, "OIDC_GROUP_ROLES", {})
    if not isinstance(mapping, dict):
        return [Error("OIDC_GROUP_ROLES must be a JSON object: {group: [grants]}.", id="sso.E001")]
    for group, grants in mapping.items():
        for grant in grants if isinstance(grants, list) else [grants]:
            if (
                not isinstance(grant, dict)
                or not isinstance(grant.get("organisation"), int)
                or grant.get("role") not in ROLES
            ):
                errors.append(
                    Error(
                        f"OIDC_GROUP_ROLES[{group!r}] must hold objects like "
                        '{"organisation": 12, "role": "editor"} (roles: admin, editor, '
                        f"reporter, reader), not {grant!r}.",
                        id="sso.E002",
                    )
                )
    return errors
