"""API keys: stored as a hash only, shown once, revoked for good, and only one's own."""

import datetime
import hashlib

from django.urls import reverse
from django.utils import timezone

from verksam.core.models import ApiToken
from verksam.core.tests.api_support import bearer, make_key


def test_it_stores_only_the_hash_and_a_prefix_of_a_key(personas):
    token, key = ApiToken.objects.create_for(user=personas.reader, name=" Statistik ")
    assert key.startswith("vks_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) < len(key) / 3
    assert token.name == "Statistik"
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(value) for value in stored.values()}


def test_it_finds_the_user_of_a_key_and_notes_its_use(personas):
    token, key = ApiToken.objects.create_for(user=personas.reader, name="Statistik")
    assert ApiToken.objects.user_for_key(key) == personas.reader
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # Within a minute the time is not written again.
    ApiToken.objects.user_for_key(key)
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    ApiToken.objects.user_for_key(key)
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_it_refuses_revoked_keys_and_keys_of_inactive_users(client, personas):
    token, key = ApiToken.objects.create_for(user=personas.reader, name="Statistik")
    personas.reader.is_active = False
    personas.reader.save()
    assert ApiToken.objects.user_for_key(key) is None
    assert client.get(reverse("api:plan_list"), **bearer(key)).status_code == 401
    personas.reader.is_active = True
    personas.reader.save()
    token.revoke()
    revoked_at = token.revoked_at
    token.revoke()
    assert token.revoked_at == revoked_at
    assert ApiToken.objects.user_for_key(key) is None


def test_it_shows_a_new_key_once(client, personas):
    client.force_login(personas.reader)
    form = client.get(reverse("core:api_token_create"))
    assert form.status_code == 200
    assert 'for="id_name"' in form.content.decode()

    created = client.post(reverse("core:api_token_create"), {"name": "Statistikskript"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get(user=personas.reader)
    page = created.content.decode()
    key = page.split('id="api-token" value="')[1].split('"')[0]
    assert ApiToken.objects.user_for_key(key) == personas.reader
    assert 'label for="api-token"' in page

    listing = client.get(reverse("core:api_token_list")).content.decode()
    assert "Statistikskript" in listing
    assert token.prefix in listing
    assert key not in listing


def test_it_requires_a_name(client, personas):
    client.force_login(personas.reader)
    response = client.post(reverse("core:api_token_create"), {"name": "   "})
    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_only_ones_own_keys(client, personas):
    token, key = ApiToken.objects.create_for(user=personas.reader, name="Statistik")
    client.force_login(personas.editor)
    response = client.post(reverse("core:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.user_for_key(key) == personas.reader

    client.force_login(personas.reader)
    response = client.post(reverse("core:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked
    assert client.get(reverse("api:plan_list"), **bearer(key)).status_code == 401
    listing = client.get(reverse("core:api_token_list")).content.decode()
    assert "revoked-tokens" in listing


def test_it_lists_only_ones_own_keys(client, personas):
    make_key(personas.editor, name="Redaktörens nyckel")
    make_key(personas.reader, name="Läsarens nyckel")
    client.force_login(personas.reader)
    page = client.get(reverse("core:api_token_list")).content.decode()
    assert "Läsarens nyckel" in page
    assert "Redaktörens nyckel" not in page
