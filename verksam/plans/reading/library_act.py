"""Check a plan's text against the Library Act (bibliotekslagen 2013:801) and KB's guidance.

A pure rule with no database: given a plan's text (its sections and item titles, read
from a document or typed in Verksam) it answers which of the Act's priority groups the
plan addresses (4, 5 and 8 §§) and which of the contents expected of a library plan
(17 § and the National Library's guidance) it has, each with the sentences that show it.
The patterns cover the usual Swedish phrasings and inflections; a plan that only names
a group in passing still counts, since the check is a reminder, not a verdict.
"""

import functools
import re
from dataclasses import dataclass, field

PRIORITY_GROUPS: dict[str, list[str]] = {
    "disability": [
        r"funktions(?:nedsättning|hinder|variation|förmåga)\w*",
        r"läsnedsättning\w*",
        r"\bdyslexi\w*",
        r"\btalbok\w*|\btalböcker\w*|\blegimus\b",
        r"lättläst\w*",
        r"tillgänglighetsanpassa\w*",
    ],
    "national_minorities": [
        r"nationell(?:a)? minoritet\w*",
        r"minoritetsspråk\w*",
        r"\b(?:syd|nord|lule|ume|pite|enare)?samisk\w*|\bsamer(?:na)?\b",
        r"\bmeänkieli\b|tornedalsfinsk\w*|\bsverigefinsk\w*|\bsverigefinnar\w*",
        r"\bromani\b|\bromer(?:na)?\b|\bjiddisch\b|\bjudar(?:na)?\b",
    ],
    "other_mother_tongue": [
        r"\b(?:annat|andra) modersmål\w*",
        r"\bmodersmål\w*",
        r"\b(?:annat|andra) språk än svenska",
        r"mångspråk\w*|flerspråk\w*",
        r"\bnyanlända\b|\bnyanländ\w*",
        r"svenska som andraspråk",
        r"\bsfi\b",
    ],
    "children_young": [
        r"\bbarn(?:en)? och (?:unga|ungdom\w*)",
        r"\bbarn- och ungdom\w*",
        r"\bbarns och ungas\b",
        r"\bbarns? (?:läs|språk)\w*",
        r"\bbarnrätt\w*|\bbarnkonvention\w*|\bbarnperspektiv\w*",
        r"\bungdomar\w*|\bunga vuxna\b",
        r"\bde (?:allra )?yngsta\b",
        r"\bbarn \d+\s*[-–]\s*\d+ år",
        r"\bförskolebarn\w*|\bbebis\w*|\bbokstart\b",
    ],
}

EXPECTED_CONTENTS: dict[str, list[str]] = {
    "period": [
        r"\b(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d\b",
        r"\bgäller (?:för |under |till |från )",
        r"\bplanperiod\w*",
    ],
    "adopting_body": [
        r"\b(?:antagen|antogs|antas|antagits|fastställd|fastställdes|beslutad|beslutades)"
        r" (?:av|i) [\wåäö\- ]*(?:fullmäktige|nämnd\w*|styrelse\w*)",
        r"\b(?:kommun|region|landstings)fullmäktige\b.{0,40}\b(?:anta|antog|fastställ|besl)",
        r"\bantagen av\b",
    ],
    "libraries": [
        r"\bfolkbibliotek\w*",
        r"\bhuvudbibliotek\w*|\bstadsbibliotek\w*|\bfilial\w*|\bnärbibliotek\w*",
        r"\bbokbuss\w*|\bbiblioteksbuss\w*|\bmeröppe\w*",
    ],
    "school_libraries": [r"\bskolbibliotek\w*"],
    "cooperation": [
        r"\bsamverk\w*",
        r"\bsamarbet\w*",
        r"\bpartnerskap\w*",
    ],
    "digital_inclusion": [
        r"\bdigital(?:a)? (?:delaktighet|kompetens|inkludering|klyftan|utanförskap|färdigheter)\w*",
        r"\bmedie- och informationskunnighet\b|\bMIK\b",
        r"\bdigitalt först\b|\bdigitala verktyg\w*|\bdigital omvandling\b",
    ],
    "reading_promotion": [
        r"\bläsfrämj\w*",
        r"\blitteraturfrämj\w*|\blitteratur- och läsfrämj\w*",
        r"\bläslust\w*|\bläsutveckling\w*|\bläsande\b|\bläsning\w*",
        r"\bläs- och skriv\w*|\bspråkutveckl\w*",
    ],
    "follow_up": [
        r"\buppfölj\w*|\bföljs upp\b|\bfölja upp\b|\bföljas upp\b",
        r"\butvärder\w*",
        r"\bindikator\w*|\bnyckeltal\w*|\bmätbar\w*",
    ],
}

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class Finding:
    name: str
    present: bool
    sentences: list[str] = field(default_factory=list)


@dataclass
class LibraryActCheck:
    priority_groups: list[Finding]
    expected_contents: list[Finding]

    @property
    def groups_found(self) -> list[str]:
        return [f.name for f in self.priority_groups if f.present]

    @property
    def groups_missing(self) -> list[str]:
        return [f.name for f in self.priority_groups if not f.present]

    @property
    def contents_missing(self) -> list[str]:
        return [f.name for f in self.expected_contents if not f.present]

    def contents_map(self) -> dict[str, bool]:
        return {f.name: f.present for f in self.expected_contents}


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


@functools.cache
def _one_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    """The patterns as one: a sentence matches it when it matches any of them, found in
    one search instead of one per pattern (a plan of 200 items has a thousand sentences)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _find(name: str, patterns: list[str], sentences: list[str], limit: int) -> Finding:
    search = _one_pattern(tuple(patterns)).search
    shown: list[str] = []
    for sentence in sentences:
        if search(sentence):
            if sentence not in shown:
                shown.append(sentence if len(sentence) <= 300 else sentence[:297] + "…")
            if len(shown) >= limit:
                break
    return Finding(name, bool(shown), shown)


def check_library_act(
    text: str,
    *,
    item_titles: list[str] | None = None,
    has_period: bool = False,
    limit: int = 3,
) -> LibraryActCheck:
    """Which priority groups and expected contents a plan's text and items show.

    `has_period` counts the period as present when the plan record has one even if
    the text does not state it (a plan typed into Verksam always has one).
    """
    sentences = sentences_of(text) + [t for t in (item_titles or []) if t]
    groups = [_find(name, pats, sentences, limit) for name, pats in PRIORITY_GROUPS.items()]
    contents = [_find(name, pats, sentences, limit) for name, pats in EXPECTED_CONTENTS.items()]
    if has_period:
        for finding in contents:
            if finding.name == "period":
                finding.present = True
    return LibraryActCheck(groups, contents)
