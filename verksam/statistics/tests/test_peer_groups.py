import pytest

from verksam.statistics.choices import PeerGroupKind
from verksam.statistics.models import PeerGroup

pytestmark = pytest.mark.django_db


def test_it_lets_an_editor_make_an_own_group_by_names_and_codes(client, personas):
    client.force_login(personas.editor)
    url = f"/statistik/grupper/{personas.home.pk}/"

    response = client.post(url, {"name": "Kuststäder", "members": "Kalmar, växjö; 883"})

    assert response.status_code == 302
    group = PeerGroup.objects.get(name="Kuststäder")
    assert (group.kind, group.organisation) == (PeerGroupKind.OWN, personas.home)
    assert group.members == ["0780", "0880", "0883"]
    assert "Kuststäder" in client.get(url).content.decode()


def test_it_names_what_is_not_a_municipality(client, personas):
    client.force_login(personas.editor)

    response = client.post(
        f"/statistik/grupper/{personas.home.pk}/", {"name": "Fel", "members": "Kalmar, Atlantis"}
    )

    assert response.status_code == 200
    assert "Atlantis" in response.content.decode()
    assert not PeerGroup.objects.filter(name="Fel").exists()
