"""Settings: placeholder secrets refused outside development, URLs given async drivers."""

import secrets

import pytest
from pydantic import ValidationError

from core.config import Settings

STRONG = secrets.token_urlsafe(30)[:40]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "SECRET_KEY", "NEUVO_ENV", "REDIS_URL", "NEUVO_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize("environment", ["production", "test"])
@pytest.mark.parametrize(
    "secret", ["change-me", "CHANGE-ME", "secret", "development-only-secret", "", "x" * 31]
)
def test_placeholder_or_short_secret_refused_outside_development(environment, secret):
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        settings(NEUVO_ENV=environment, SECRET_KEY=secret)


def test_missing_secret_refused_in_production():
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        settings(NEUVO_ENV="production")


def test_random_40_character_secret_accepted_in_production():
    assert len(STRONG) == 40
    assert settings(NEUVO_ENV="production", SECRET_KEY=STRONG).secret_key == STRONG


def test_development_accepts_the_default_secret():
    assert settings().environment == "development"
    assert settings(NEUVO_ENV="development").secret_key == "development-only-secret"


def test_secret_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEUVO_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "change-me")
    with pytest.raises(ValidationError):
        settings()
    monkeypatch.setenv("SECRET_KEY", STRONG)
    assert settings().secret_key == STRONG


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/neuvo", "postgresql+asyncpg://u:p@db:5432/neuvo"),
        ("postgresql://u:p@db/neuvo", "postgresql+asyncpg://u:p@db/neuvo"),
        ("postgresql+asyncpg://u@db/neuvo", "postgresql+asyncpg://u@db/neuvo"),
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ],
)
def test_database_url_gets_its_async_driver(given, expected):
    assert settings(DATABASE_URL=given).database_url == expected


def test_is_sqlite_follows_the_url():
    assert settings(DATABASE_URL="sqlite:///x.db").is_sqlite
    assert not settings(DATABASE_URL="postgres://db/neuvo").is_sqlite


def test_unknown_time_zone_refused():
    with pytest.raises(ValidationError, match="unknown time zone"):
        settings(NEUVO_TIMEZONE="Europe/Atlantis")
    assert settings(NEUVO_TIMEZONE="Europe/Helsinki").timezone == "Europe/Helsinki"


def test_origins_default_to_the_base_url():
    assert settings(NEUVO_BASE_URL="https://neuvo.example/").origins == ["https://neuvo.example"]
