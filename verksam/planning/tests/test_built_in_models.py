"""The two built-in planning models are there after migrate, as the seeds describe them."""

from verksam.planning.tests.builders import FOCUS_AREAS, STOCKHOLM, built_in


def test_it_ships_stockholm_city_librarys_strategic_model(db):
    model = built_in(STOCKHOLM)
    steps = list(model.steps.order_by("position"))
    assert model.is_built_in
    assert [step.title for step in steps][0] == "Uppdraget idag och i framtiden"
    assert steps[0].question.startswith("Vilka är framgångsfaktorerna")
    assert steps[-1].title == "Ständiga förbättringar"
    perspectives = [step.perspective for step in steps]
    assert "Ekonomiska resurser" in perspectives
    assert "Personal och kompetens" in perspectives
    assert [step.title.split(":")[0] for step in steps[1:7]] == ["Externt perspektiv"] * 3 + [
        "Internt perspektiv"
    ] * 3
    assert model.level_names == ["Åtagande", "Aktivitet"]
    assert all(step.guidance for step in steps)


def test_it_ships_the_focus_area_model(db):
    model = built_in(FOCUS_AREAS)
    steps = list(model.steps.order_by("position"))
    assert model.level_names == ["Fokusområde", "Mål", "Aktivitet"]
    assert [(step.title, step.level) for step in steps] == [
        ("Fokusområden", 1),
        ("Mål", 2),
        ("Aktiviteter", 3),
    ]
    assert not any(step.perspective for step in steps)
