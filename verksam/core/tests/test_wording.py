from django.template import Context, Template

from verksam.core.text import in_sentence


def test_it_lowers_a_level_name_inside_a_sentence():
    assert in_sentence("Mål") == "mål"
    assert in_sentence("Fokusområde") == "fokusområde"


def test_it_keeps_an_abbreviation_and_an_empty_name_as_they_are():
    assert in_sentence("KPI") == "KPI"
    assert in_sentence("IT-mål") == "IT-mål"
    assert in_sentence("") == ""


def test_it_offers_the_rule_as_a_template_filter():
    template = Template("{% load wording %}Lägg till {{ level|in_sentence }}")
    assert template.render(Context({"level": "Mål"})) == "Lägg till mål"


def test_it_writes_ner_and_never_ned_in_swedish():
    import re

    from verksam.core.tests.test_translations import SV_PO, parse_po

    mixed = [
        entry.msgid
        for entry in parse_po(SV_PO)
        if any(re.search(r"\bned\b", text) for text in entry.translations)
    ]
    assert mixed == []
