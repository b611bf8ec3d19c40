from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    """Whether to offer sign-in with the organisation's account (OIDC_ISSUER is set)."""
    return settings.VERKSAM_SSO_ENABLED
