"""Signing in over OpenID Connect: the user for a set of claims, and their memberships."""

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from verksam.organisations.choices import ROLE_RANK, Role
from verksam.organisations.models import Membership, Organisation
from verksam.sso.models import ExternalIdentity

logger = logging.getLogger(__name__)


def roles_from_groups(groups: list[str], mapping: dict[str, Any]) -> dict[int, str]:
    """{organisation id: role} that the groups grant; the highest role where several do."""
    roles: dict[int, str] = {}
    for group in groups:
        grants = mapping.get(group, [])
        for grant in grants if isinstance(grants, list) else [grants]:
            organisation, role = grant["organisation"], Role(grant["role"])
            if organisation not in roles or ROLE_RANK[role] > ROLE_RANK[Role(roles[organisation])]:
                roles[organisation] = role.value
    return roles


def _managed_organisations(mapping: dict[str, Any]) -> set[int]:
    managed = set()
    for grants in mapping.values():
        for grant in grants if isinstance(grants, list) else [grants]:
            managed.add(grant["organisation"])
    return managed


def _unique_username(wanted: str) -> str:
    User = get_user_model()
    field = User._meta.get_field(User.USERNAME_FIELD)
    username = wanted[: field.max_length]
    if not User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
        return username
    # A local account of that name exists: it is not taken over, the new one gets a suffix.
    suffix = "-" + hashlib.sha256(wanted.encode()).hexdigest()[:6]
    return wanted[: field.max_length - len(suffix)] + suffix


def sso_user_find(*, issuer: str, claims: dict[str, Any]) -> list:
    """The users linked to the claims' `sub` at this issuer (none or one)."""
    identities = ExternalIdentity.objects.filter(issuer=issuer, subject=claims["sub"])
    return [identity.user for identity in identities.select_related("user")]


@transaction.atomic
def sso_user_create(*, issuer: str, claims: dict[str, Any]):
    """A new user for an account seen for the first time, linked to it, with memberships."""
    User = get_user_model()
    wanted = str(claims.get(settings.OIDC_USERNAME_CLAIM) or claims["sub"])
    user = User(**{User.USERNAME_FIELD: _unique_username(wanted)})
    user.set_unusable_password()  # signs in through the provider only
    _copy_profile(user, claims)
    user.full_clean(exclude=["password"])
    user.save()
    ExternalIdentity.objects.create(
        user=user, issuer=issuer, subject=claims["sub"], last_sign_in=timezone.now()
    )
    sso_memberships_update(user=user, claims=claims)
    return user


@transaction.atomic
def sso_user_update(*, user, issuer: str, claims: dict[str, Any]):
    """Refresh a returning user's name, e-mail address and memberships from the claims."""
    _copy_profile(user, claims)
    user.save(update_fields=["first_name", "last_name", "email"])
    ExternalIdentity.objects.filter(user=user, issuer=issuer, subject=claims["sub"]).update(
        last_sign_in=timezone.now()
    )
    sso_memberships_update(user=user, claims=claims)
    return user


def _copy_profile(user, claims: dict[str, Any]) -> None:
    user.first_name = str(claims.get("given_name", user.first_name or ""))[:150]
    user.last_name = str(claims.get("family_name", user.last_name or ""))[:150]
    user.email = str(claims.get("email", user.email or ""))[:254]


def sso_memberships_update(*, user, claims: dict[str, Any]) -> None:
    """Make the user's roles in the organisations named in OIDC_GROUP_ROLES follow the groups.

    The mapping decides only for the organisations it names: there the user gets the
    highest role any of their groups grants, or loses the membership when none does.
    Memberships in other organisations are left as an administrator set them.
    """
    mapping = settings.OIDC_GROUP_ROLES
    if not mapping:
        return
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    wanted = roles_from_groups([str(group) for group in groups], mapping)
    managed = _managed_organisations(mapping)
    existing_organisations = set(
        Organisation.objects.filter(pk__in=managed).values_list("pk", flat=True)
    )
    for missing in sorted(managed - existing_organisations):
        logger.warning("OIDC_GROUP_ROLES names organisation %s, which does not exist.", missing)
    current = {
        membership.organisation_id: membership
        for membership in Membership.objects.filter(user=user, organisation__in=managed)
    }
    for organisation in existing_organisations:
        role = wanted.get(organisation)
        membership = current.get(organisation)
        if role is None:
            if membership is not None:
                membership.delete()
        elif membership is None:
            Membership.objects.create(user=user, organisation_id=organisation, role=role)
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role", "updated_at"])
