"""The reader measured on the reading corpus; a measure below its bar fails the test.

The bars are the values the reader reached on the corpus; raise them when it gets
better, never lower them to let a change through.
"""

from pathlib import Path

from verksam.plans.reading.evaluation import score_corpus, summarise, table

CORPUS = Path(__file__).parent / "reading_corpus"

ITEM_F1_BAR = 0.93
PERIOD_EXACT_BAR = 1.0
TITLE_SIMILARITY_BAR = 0.99
GROUP_F1_BAR = 1.0


def test_it_reads_the_corpus_at_or_above_the_bars_reached():
    scores = score_corpus(CORPUS)
    print(table(scores))
    summary = summarise(scores)
    assert summary.documents >= 15
    assert summary.item_f1 >= ITEM_F1_BAR, table(scores)
    assert summary.period_exact >= PERIOD_EXACT_BAR, table(scores)
    assert summary.title_similarity >= TITLE_SIMILARITY_BAR, table(scores)
    assert summary.group_f1 >= GROUP_F1_BAR, table(scores)


def test_it_has_an_expected_structure_for_every_document():
    documents = {p.name for p in (CORPUS / "documents").iterdir()}
    expected = {p.name[: -len(".json")] for p in (CORPUS / "expected").glob("*.json")}
    assert documents == expected
