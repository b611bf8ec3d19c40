"""The demo's competence development: Kalmar's register, its indicator and two proposals."""

import pytest

from verksam.competence.choices import ProposalState
from verksam.competence.models import Proposal, RegisterIndicator, Training
from verksam.demo.tests.test_demo_command import output, run_demo  # noqa: F401 (a fixture)
from verksam.indicators.choices import MeasurementSource

pytestmark = pytest.mark.django_db


def test_it_registers_kalmars_trainings_and_counts_them_into_an_indicator(output):  # noqa: F811
    trainings = list(Training.objects.select_related("organisation"))
    assert len(trainings) == 3
    organisation = trainings[0].organisation
    assert organisation.name == "Biblioteksutveckling Region Kalmar län"
    assert all(training.description.startswith("Demo:") for training in trainings)
    feed = RegisterIndicator.objects.get(organisation=organisation)
    measurement = feed.indicator.measurements.get()
    participants = sum(t.participants.count() + t.other_participants for t in trainings)
    assert (measurement.value, measurement.source) == (participants, MeasurementSource.COMPETENCE)
    states = sorted(Proposal.objects.values_list("state", flat=True))
    assert states == [ProposalState.DECLINED, ProposalState.PROPOSED]
    assert "Competence development: 3 trainings and 2 proposals" in output


def test_it_leaves_the_register_as_it_is_when_loaded_again(output):  # noqa: F811
    assert "Competence development: already there." in run_demo()
    assert Training.objects.count() == 3
