import pytest

from verksam.core.env import ConfigurationError, env_bool, env_int, env_list, env_str

NAME = "VERKSAM_TEST_SETTING"


@pytest.fixture(autouse=True)
def unset(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)


def test_it_reads_a_string(monkeypatch):
    monkeypatch.setenv(NAME, "postgres://db/verksam")
    assert env_str(NAME) == "postgres://db/verksam"


def test_it_falls_back_to_the_default_string_when_unset_or_empty(monkeypatch):
    assert env_str(NAME, "fallback") == "fallback"
    monkeypatch.setenv(NAME, "")
    assert env_str(NAME, "fallback") == "fallback"


def test_it_requires_a_string_without_a_default():
    with pytest.raises(ConfigurationError, match=NAME):
        env_str(NAME)


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " True "])
def test_it_reads_true(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env_bool(NAME, False) is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off"])
def test_it_reads_false(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env_bool(NAME, True) is False


def test_it_falls_back_to_the_default_bool(monkeypatch):
    assert env_bool(NAME, True) is True
    monkeypatch.setenv(NAME, "")
    assert env_bool(NAME, False) is False


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_it_refuses_a_bool_it_does_not_understand(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ConfigurationError, match=NAME) as error:
        env_bool(NAME, False)
    assert repr(value) in str(error.value)


def test_it_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv(NAME, "600")
    assert env_int(NAME, 0) == 600
    monkeypatch.setenv(NAME, "-3")
    assert env_int(NAME, 0) == -3


def test_it_falls_back_to_the_default_number(monkeypatch):
    assert env_int(NAME, 42) == 42
    monkeypatch.setenv(NAME, "")
    assert env_int(NAME, 42) == 42


@pytest.mark.parametrize("value", ["ten", "1.5", "60s"])
def test_it_refuses_a_number_that_is_not_whole(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ConfigurationError, match=NAME) as error:
        env_int(NAME, 0)
    assert repr(value) in str(error.value)


def test_it_reads_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv(NAME, "verksam.example.org, localhost")
    assert env_list(NAME, []) == ["verksam.example.org", "localhost"]


def test_it_falls_back_to_the_default_list(monkeypatch):
    assert env_list(NAME, ["localhost"]) == ["localhost"]
    monkeypatch.setenv(NAME, "")
    assert env_list(NAME, ["localhost"]) == ["localhost"]


@pytest.mark.parametrize("value", ["a,,b", "a,", " , "])
def test_it_refuses_a_list_with_empty_entries(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ConfigurationError, match=NAME):
        env_list(NAME, [])
