"""Settings read from the environment (and an optional ``.env`` file)."""

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "development-only-secret"})
DEFAULT_SECRET = "development-only-secret"  # noqa: S105 (refused outside development)


class Settings(BaseSettings):
    """Everything Neuvo reads from its environment; refuses unsafe values outside development."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "development", alias="NEUVO_ENV"
    )
    database_url: str = Field("sqlite+aiosqlite:///./neuvo.db", alias="DATABASE_URL")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    # How long the API waits on Redis for one call (and to connect) before going on without
    # it: a booking still commits and the worker's sweep sends its messages later.
    redis_timeout: float = Field(0.5, alias="NEUVO_REDIS_TIMEOUT", gt=0)
    secret_key: str = Field(DEFAULT_SECRET, alias="SECRET_KEY")
    base_url: str = Field("http://127.0.0.1:8000", alias="NEUVO_BASE_URL")
    allowed_origins: list[str] = Field(default_factory=list, alias="NEUVO_ALLOWED_ORIGINS")
    timezone: str = Field("Europe/Helsinki", alias="NEUVO_TIMEZONE")
    session_hours: int = Field(12, alias="NEUVO_SESSION_HOURS", ge=1, le=24 * 30)
    login_max_failures: int = Field(5, alias="NEUVO_LOGIN_MAX_FAILURES", ge=1)
    login_window_minutes: int = Field(15, alias="NEUVO_LOGIN_WINDOW_MINUTES", ge=1)
    # Password links by e-mail: an invitation works this many days, a reset this many minutes.
    invitation_days: int = Field(7, alias="NEUVO_INVITATION_DAYS", ge=1, le=90)
    password_reset_minutes: int = Field(
        60, alias="NEUVO_PASSWORD_RESET_MINUTES", ge=5, le=7 * 24 * 60
    )
    # Connections each process keeps open (and never more): a fixed pool, so that a burst of
    # requests queues for a connection instead of opening and closing backends.
    db_pool_size: int = Field(20, alias="NEUVO_DB_POOL_SIZE", ge=1)
    # Interpreter offers: the next tier after this wait; expired this long before the session.
    offer_tier_minutes: int = Field(30, alias="NEUVO_OFFER_TIER_MINUTES", ge=1)
    interpreter_deadline_minutes: int = Field(120, alias="NEUVO_INTERPRETER_DEADLINE_MINUTES", ge=0)
    # Messages: without a gateway or a mail server they stay in the outbox (read in the console).
    message_lease_seconds: int = Field(120, alias="NEUVO_MESSAGE_LEASE_SECONDS", ge=1)
    sms_gateway_url: str | None = Field(None, alias="SMS_GATEWAY_URL")
    sms_gateway_token: str | None = Field(None, alias="SMS_GATEWAY_TOKEN", repr=False)
    sms_gateway_username: str | None = Field(None, alias="SMS_GATEWAY_USERNAME")
    sms_gateway_password: str | None = Field(None, alias="SMS_GATEWAY_PASSWORD", repr=False)
    sms_gateway_payload: str = Field(
        '{"to": "{to}", "text": "{text}", "reference": "{key}", "from": "{sender}"}',
        alias="SMS_GATEWAY_PAYLOAD",
    )
    sms_gateway_id_field: str = Field("id", alias="SMS_GATEWAY_ID_FIELD")
    sms_gateway_timeout: float = Field(10.0, alias="SMS_GATEWAY_TIMEOUT", gt=0)
    sms_sender: str = Field("Neuvo", alias="SMS_SENDER")
    smtp_host: str | None = Field(None, alias="SMTP_HOST")
    smtp_port: int = Field(587, alias="SMTP_PORT", ge=1, le=65535)
    smtp_username: str | None = Field(None, alias="SMTP_USERNAME")
    smtp_password: str | None = Field(None, alias="SMTP_PASSWORD", repr=False)
    smtp_from: str = Field("Neuvo <neuvo@localhost>", alias="SMTP_FROM")
    smtp_starttls: bool = Field(False, alias="SMTP_STARTTLS")
    smtp_tls: bool = Field(False, alias="SMTP_TLS")
    smtp_timeout: float = Field(30.0, alias="SMTP_TIMEOUT", gt=0)
    # Voice calls through SIP: a baresip process that Neuvo drives over its control socket on
    # loopback registers to the operator's trunk or the municipality's PBX as SIP_ACCOUNT (a
    # baresip account line, "<sip:user@trunk.example>;auth_pass=...;outbound=..."); without it
    # no SIP gateway runs. A number is dialled as SIP_DIAL_URI with {number} (E.164) put in.
    sip_account: str | None = Field(None, alias="SIP_ACCOUNT", repr=False)
    sip_dial_uri: str = Field("sip:{number}@127.0.0.1", alias="SIP_DIAL_URI")
    baresip_binary: str = Field("baresip", alias="BARESIP_BINARY")
    sip_calls_at_once: int = Field(1, alias="SIP_CALLS_AT_ONCE", ge=1, le=32)
    voice_ring_seconds: float = Field(30.0, alias="VOICE_RING_SECONDS", gt=0)
    voice_key_seconds: float = Field(8.0, alias="VOICE_KEY_SECONDS", gt=0)
    voice_retry_seconds: int = Field(600, alias="VOICE_RETRY_SECONDS", ge=0)

    # Video rooms: open this long before the start and after the end; at most four people.
    room_open_minutes: int = Field(15, alias="NEUVO_ROOM_OPEN_MINUTES", ge=0, le=30 * 24 * 60)
    room_close_minutes: int = Field(30, alias="NEUVO_ROOM_CLOSE_MINUTES", ge=0, le=24 * 60)
    room_waiting: bool = Field(True, alias="NEUVO_ROOM_WAITING")
    room_capacity: int = Field(4, alias="NEUVO_ROOM_CAPACITY", ge=2, le=4)
    signal_join_seconds: float = Field(10.0, alias="NEUVO_SIGNAL_JOIN_SECONDS", gt=0)
    # Signalling limits per connection: messages per second (sustained, and a burst).
    signal_rate: float = Field(30.0, alias="NEUVO_SIGNAL_RATE", gt=0)
    signal_burst: int = Field(120, alias="NEUVO_SIGNAL_BURST", ge=1)
    # ICE: STUN and TURN URLs (comma-separated or JSON); TURN credentials the coturn
    # ``use-auth-secret`` way, valid for ``turn_ttl_seconds``.
    stun_urls: list[str] = Field(default_factory=list, alias="NEUVO_STUN_URLS")
    turn_urls: list[str] = Field(default_factory=list, alias="NEUVO_TURN_URLS")
    turn_secret: str | None = Field(None, alias="NEUVO_TURN_SECRET", repr=False)
    turn_ttl_seconds: int = Field(6 * 3600, alias="NEUVO_TURN_TTL_SECONDS", ge=60)
    # The device test's server peers: at most this many at once, each for at most this long.
    device_tests_max: int = Field(20, alias="NEUVO_DEVICE_TESTS_MAX", ge=1)
    device_test_seconds: int = Field(120, alias="NEUVO_DEVICE_TEST_SECONDS", ge=5)
    # ... and at most this many for one room pass and from one network address.
    device_tests_per_pass: int = Field(2, alias="NEUVO_DEVICE_TESTS_PER_PASS", ge=1)
    device_tests_per_address: int = Field(4, alias="NEUVO_DEVICE_TESTS_PER_ADDRESS", ge=1)
    # Whether the server's peer may send to loopback, private or link-local addresses that a
    # browser's offer names (a test or a development machine); never by default in production.
    device_test_private_candidates: bool | None = Field(
        None, alias="NEUVO_DEVICE_TEST_PRIVATE_CANDIDATES"
    )
    # Voice calls: which gateway places them ("sip", or "http": an HTTP voice API in 46elks's
    # shapes); none: they stay in the outbox. The HTTP one posts to VOICE_API_URL with HTTP
    # Basic authentication, calls from VOICE_API_FROM (E.164), and hands the provider URLs on
    # NEUVO_PUBLIC_URL (Neuvo as the provider reaches it; NEUVO_BASE_URL when unset).
    voice_gateway: Literal["sip", "http"] | None = Field(None, alias="NEUVO_VOICE_GATEWAY")
    voice_api_url: str = Field("https://api.46elks.com/a1", alias="VOICE_API_URL")
    voice_api_username: str | None = Field(None, alias="VOICE_API_USERNAME")
    voice_api_password: str | None = Field(None, alias="VOICE_API_PASSWORD", repr=False)
    voice_api_from: str | None = Field(None, alias="VOICE_API_FROM")
    voice_api_timeout: float = Field(10.0, alias="VOICE_API_TIMEOUT", gt=0)
    public_url: str | None = Field(None, alias="NEUVO_PUBLIC_URL")

    # Phone sessions bridged from the console: Janus (its HTTP API and SIP plugin) dials the
    # client through the SIP trunk and connects the advisor's browser. Without a Janus URL and
    # a SIP URI the advisor calls from a tel: link. In ``sip_uri`` and ``sip_from``, ``{number}``
    # is the client's E.164 number and ``{caller}`` the organisation's (else ``sip_caller_id``).
    janus_url: str | None = Field(None, alias="NEUVO_JANUS_URL")
    janus_api_secret: str | None = Field(None, alias="NEUVO_JANUS_API_SECRET", repr=False)
    sip_uri: str | None = Field(None, alias="NEUVO_SIP_URI")
    sip_from: str = Field("sip:{caller}@localhost", alias="NEUVO_SIP_FROM")
    sip_caller_id: str = Field("neuvo", alias="NEUVO_SIP_CALLER_ID")
    sip_display_name: str | None = Field(None, alias="NEUVO_SIP_DISPLAY_NAME")
    sip_proxy: str | None = Field(None, alias="NEUVO_SIP_PROXY")
    sip_outbound_proxy: str | None = Field(None, alias="NEUVO_SIP_OUTBOUND_PROXY")
    sip_register: bool = Field(False, alias="NEUVO_SIP_REGISTER")
    sip_authuser: str | None = Field(None, alias="NEUVO_SIP_AUTHUSER")
    sip_secret: str | None = Field(None, alias="NEUVO_SIP_SECRET", repr=False)
    # A call nobody answers is hung up after this long (the trunk may give up sooner).
    sip_ring_seconds: int = Field(45, alias="NEUVO_SIP_RING_SECONDS", ge=5, le=300)

    @property
    def voice_calls(self) -> bool:
        """Whether Neuvo can place calls itself (``notifications.jobs.voice_gateway`` finds a
        telephone connection): "http", or SIP with an account; without one no voice message
        is written and the client page offers no reminder call."""
        if self.voice_gateway == "http":
            return True
        return bool(self.sip_account) and self.voice_gateway in (None, "sip")

    @property
    def phone_bridge(self) -> bool:
        """Whether Neuvo dials phone sessions itself (Janus and a SIP URI are configured)."""
        return bool(self.janus_url and self.sip_uri)

    # Language packs (``neuvo prompts export`` and ``import``): this installation's Ed25519
    # signing key (a PEM file, made by ``neuvo prompts keygen``); the public keys whose packs it
    # accepts (a file, one "name base64-key" a line, as ``neuvo prompts public-key`` prints);
    # whether imported takes are approved at once (else they wait for a reviewer here); and the
    # licence a recorder agrees to when sending a take.
    pack_signing_key_file: Path | None = Field(None, alias="NEUVO_PACK_SIGNING_KEY_FILE")
    pack_trusted_keys_file: Path | None = Field(None, alias="NEUVO_PACK_TRUSTED_KEYS_FILE")
    pack_import_approved: bool = Field(False, alias="NEUVO_PACK_IMPORT_APPROVED")
    recording_licence: str = Field(
        "CC-BY-4.0", alias="NEUVO_RECORDING_LICENCE", min_length=1, max_length=40
    )

    @property
    def private_candidates(self) -> bool:
        """Whether device tests may reach private addresses (development and tests do)."""
        if self.device_test_private_candidates is not None:
            return self.device_test_private_candidates
        return self.environment != "production"

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Accept plain postgres:// and sqlite:// URLs and give them their async driver."""
        for plain, driver in (
            ("postgres://", "postgresql+asyncpg://"),
            ("postgresql://", "postgresql+asyncpg://"),
            ("sqlite://", "sqlite+aiosqlite://"),
        ):
            if url.startswith(plain):
                return driver + url[len(plain) :]
        return url

    @field_validator("sms_gateway_payload")
    @classmethod
    def _json_payload(cls, payload: str) -> str:
        try:
            json.loads(payload)
        except ValueError as exc:
            raise ValueError(f"SMS_GATEWAY_PAYLOAD is not JSON: {exc}") from exc
        return payload

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {name!r}") from exc
        return name

    @model_validator(mode="after")
    def _safe_secret(self) -> "Settings":
        weak = self.secret_key.strip().lower() in PLACEHOLDER_SECRETS or len(self.secret_key) < 32
        if self.environment != "development" and weak:
            raise ValueError(
                "SECRET_KEY must be set to at least 32 random characters outside development"
            )
        return self

    @model_validator(mode="after")
    def _voice_api_complete(self) -> "Settings":
        if self.voice_gateway == "http":
            missing = [
                name
                for name, value in (
                    ("VOICE_API_USERNAME", self.voice_api_username),
                    ("VOICE_API_PASSWORD", self.voice_api_password),
                    ("VOICE_API_FROM", self.voice_api_from),
                )
                if not value
            ]
            if missing:
                raise ValueError(f"NEUVO_VOICE_GATEWAY=http needs {', '.join(missing)}")
            if not re.fullmatch(r"\+[1-9]\d{6,14}", self.voice_api_from or ""):
                raise ValueError("VOICE_API_FROM is the calling number in E.164: +358...")
            public = self.public_url or self.base_url
            # The webhooks' secrets travel in their URLs: never in clear outside development.
            if self.environment == "production" and not public.startswith("https://"):
                raise ValueError("NEUVO_VOICE_GATEWAY=http needs an https:// NEUVO_PUBLIC_URL")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def origins(self) -> list[str]:
        """Origins allowed for cookies' CSRF checks and WebSocket handshakes."""
        return self.allowed_origins or [self.base_url.rstrip("/")]


@lru_cache
def get_settings() -> Settings:
    return Settings()
