"""{% cached_fragment key %}…{% endcached_fragment %}: a fragment kept in the cache under a
key the view made, so that on a hit nothing inside is rendered or computed.

The view is responsible for the key: it must name everything the fragment shows
(docs/operations.md, "Caching"). An empty key renders the fragment uncached.
"""

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

register = template.Library()

#: How long a fragment is kept at most; its key changes with what it shows anyway.
TIMEOUT = 24 * 60 * 60


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, key: template.base.FilterExpression):
        self.nodelist = nodelist
        self.key = key

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        found = cache.get(key)
        if found is None:
            found = self.nodelist.render(context)
            cache.set(key, str(found), TIMEOUT)
        return mark_safe(found)  # noqa: S308 - the fragment was rendered (and escaped) here


@register.tag
def cached_fragment(parser, token) -> CachedFragmentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_fragment takes one argument: the key.")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
