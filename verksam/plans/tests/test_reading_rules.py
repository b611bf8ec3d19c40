"""The reading rules on small plans: numbering, repeated lists, traps that are not items."""

from pathlib import Path

from verksam.plans.reading import read_document, read_path
from verksam.plans.reading.blocks import join_lines

CORPUS = Path(__file__).parent / "reading_corpus" / "documents"


def read_text(text: str, name: str = "plan.txt") -> dict:
    return read_document(text.encode("utf-8"), name).as_json()


def titles(items: list[dict]) -> list[tuple[int, str]]:
    result = []
    for item in items:
        result.append((item["level"], item["title"]))
        result += titles(item["children"])
    return result


PLAN = """Biblioteksplan för Exempelby kommun 2024-2027

Antagen av kommunfullmäktige 2023-11-20. Ersätter biblioteksplanen 2019-2022.

Innehåll
1. Inledning 2
2. Fokusområden 3

1. Inledning

Planen gäller för de kommande tre åren. Den omfattar folkbiblioteket och skolbiblioteken.

Vi prioriterar tre fokusområden:
• Läsfrämjande
• Digital delaktighet
• Samverkan

Fokusområde 1: Läsfrämjande

Mål:
- Fler barn och unga läser varje dag
- Personer med annat modersmål än svenska hittar medier på sitt språk

Fokusområde 2: Digital delaktighet

Vi ska:
- Erbjuda handledning i digitala tjänster varje vecka

Fokusområde 3: Samverkan

Kontakt
Bibliotekschef Anna Andersson, anna.andersson@exempelby.se, 0123-45 67 89
"""


def test_it_nests_goals_under_numbered_focus_areas_and_reads_a_summary_list_once():
    result = read_text(PLAN)
    assert titles(result["items"]) == [
        (1, "Läsfrämjande"),
        (2, "Fler barn och unga läser varje dag"),
        (2, "Personer med annat modersmål än svenska hittar medier på sitt språk"),
        (1, "Digital delaktighet"),
        (2, "Erbjuda handledning i digitala tjänster varje vecka"),
        (1, "Samverkan"),
    ]
    assert result["levels"] == ["Fokusområde", "Mål"]


def test_it_takes_the_plans_period_not_the_adoption_date_or_an_earlier_plan():
    assert read_text(PLAN)["period"] == {"start": 2024, "end": 2027}


def test_it_leaves_contents_lines_and_contact_details_out_of_the_items():
    found = [title for _, title in titles(read_text(PLAN)["items"])]
    assert not any("Inledning" in t or "@" in t or "Anna" in t for t in found)


def test_it_finds_the_priority_groups_and_the_missing_contents():
    result = read_text(PLAN)
    assert set(result["priority_groups"]) == {"children_young", "other_mother_tongue"}
    contents = result["expected_contents"]
    assert contents["adopting_body"] and contents["school_libraries"]
    assert contents["digital_inclusion"] and contents["reading_promotion"]
    assert not contents["follow_up"]


def test_it_does_not_take_a_law_quotation_list_as_items():
    text = (
        "Biblioteksplan 2025-2028\n\nEnligt bibliotekslagen ska folkbiblioteken särskilt "
        "främja läsning. Skollagen säger att eleverna ska ha tillgång till:\n\n"
        "- skolbibliotek\n- läromedel\n"
    )
    assert read_text(text)["items"] == []


def test_it_joins_words_hyphenated_at_line_ends():
    assert join_lines(["informationsförsörj-", "ning och arkiv-", "och registratur"]) == (
        "informationsförsörjning och arkiv- och registratur"
    )


def test_it_removes_repeated_page_headers_and_footers_from_a_pdf():
    reading = read_path(CORPUS / "seed_su_verksamhetsplan_2020.pdf")
    texts = [block.text for block in reading.blocks]
    assert not any(t == "Stockholms universitetsbibliotek" for t in texts)
    assert not any("sida" in t and "Verksamhetsplan 2020" in t for t in texts)
    assert any("informationsförsörjning och publiceringsstöd" in t for t in texts)


def test_it_reads_an_activity_table_into_a_tree():
    result = read_path(CORPUS / "jamtland_lasframjande.docx").as_json()
    assert [i["title"] for i in result["items"]] == ["Läsfrämjande"]
    assert len(result["items"][0]["children"]) == 4


def test_it_reads_markdown_headings_and_numbered_sublevels():
    text = (
        "# Verksamhetsplan 2025\n\n## Mål\n\n"
        "1. Öka utlåningen\n1.1 Nya medier varje månad\n2. Fler besök\n"
    )
    result = read_text(text, "plan.md")
    assert titles(result["items"]) == [
        (1, "Öka utlåningen"),
        (2, "Nya medier varje månad"),
        (1, "Fler besök"),
    ]
    assert result["period"] == {"start": 2025, "end": 2025}
