"""Capability tokens: 256 random bits, only the SHA-256 kept, constant-time checks."""

import hashlib
import re

from core import tokens


def test_new_token_is_256_bits_url_safe_and_distinct():
    issued = {tokens.new_token() for _ in range(100)}
    assert len(issued) == 100
    for token in issued:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 43 base64 chars = 256 bits


def test_hash_token_is_sha256_hex_and_never_the_token():
    token = tokens.new_token()
    stored = tokens.hash_token(token)
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert token not in stored


def test_matches_only_the_exact_token():
    token = tokens.new_token()
    stored = tokens.hash_token(token)
    changed_char = ("A" if token[10] != "A" else "B").join((token[:10], token[11:]))
    assert tokens.matches(token, stored)
    assert not tokens.matches(token[:-1], stored)
    assert not tokens.matches(token.swapcase(), stored)
    assert not tokens.matches(changed_char, stored)
    assert not tokens.matches("", stored)


def test_signature_round_trips_and_rejects_tampering():
    signature = tokens.sign("k" * 40, "booking:42")
    assert tokens.verify_signature("k" * 40, "booking:42", signature)
    assert not tokens.verify_signature("k" * 40, "booking:43", signature)
    assert not tokens.verify_signature("j" * 40, "booking:42", signature)
    assert not tokens.verify_signature("k" * 40, "booking:42", signature[:-1])
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    assert not tokens.verify_signature("k" * 40, "booking:42", flipped)


def test_derive_is_stable_per_input_and_256_bits():
    token = tokens.derive("k" * 40, "join", "room-1", "salt")
    assert token == tokens.derive("k" * 40, "join", "room-1", "salt")
    assert token != tokens.derive("k" * 40, "join", "room-2", "salt")
    assert token != tokens.derive("j" * 40, "join", "room-1", "salt")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
