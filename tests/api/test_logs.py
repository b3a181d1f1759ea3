"""Redaction of log lines: capability tokens, invitation codes and references, phone numbers."""

import logging

import pytest

from api import logs


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('127.0.0.1:5 - "GET /b/Xy_9-aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678 HTTP/1.1" 200', "Xy_9-a"),
        ('"POST /b/Xy_9-aBcDeFgHiJkLmNoPqRsTuV/room HTTP/1.1" 200', "Xy_9-a"),
        ('"GET /record/Rc_9-aBcDeFgHiJkLmNoPqRsTuV HTTP/1.1" 200', "Rc_9-a"),
        ('"POST /api/v1/recording/Rc_9-aBcDeFgHiJkLmNoPq/so/prompt/book HTTP/1.1" 201', "Rc_9-a"),
        ('"GET /calendar/AbCdEfGhIjKlMnOpQrStUv.ics HTTP/1.1" 200', "AbCdEf"),
        ('"GET /i/ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345 HTTP/1.1" 303', "ABCDE"),
        ('"GET /i/abcde-fghij HTTP/1.1" 303', "abcde"),
        ('"GET /?lang=ar&invite=0f0e-1234.sig_nature HTTP/1.1" 200', "sig_nature"),
        ("sms to +358401234567 failed", "401234567"),
        ("sms to 040 123 4567 failed", "123 4567"),
        ("sms to 040-1234567 failed", "1234567"),
    ],
)
def test_secrets_and_numbers_are_redacted(line, secret):
    assert secret not in logs.redact(line)


@pytest.mark.parametrize(
    "line",
    [
        '"GET /api/v1/bookings/8f1c2a5e-8f0b-4c7e-9a55-0b5f0c1d2e3f HTTP/1.1" 200',
        '"GET /static/client.js?v=abc123 HTTP/1.1" 200',
        '"GET /audio/fi/say?date=2026-03-24T09:00:00%2B02:00 HTTP/1.1" 200',
        "dispatch: 12 messages sent in 0.4 s",
        "reminders of 2026-03-24 10:00 queued",
        '"GET /b/ HTTP/1.1" 404',
    ],
)
def test_ordinary_lines_stay_readable(line):
    assert logs.redact(line) == line


def test_the_filter_rewrites_the_access_log_arguments():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/b/SecretToken1234567890abcdef", "1.1", 200),
        None,
    )
    assert logs.Redact().filter(record)
    assert "SecretToken" not in record.getMessage() and "/b/…" in record.getMessage()


def test_every_handler_of_the_served_configuration_redacts():
    config = logs.config()
    assert all("redact" in handler["filters"] for handler in config["handlers"].values())
    assert config["root"]["handlers"] == ["default"]
