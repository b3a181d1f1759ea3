"""Passwords: argon2id hashes; verification says yes or no and never raises."""

from core import passwords


def test_hash_password_is_argon2id_and_salted():
    first = passwords.hash_password("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != passwords.hash_password("correct horse battery")


def test_verify_password_accepts_right_and_refuses_wrong():
    stored = passwords.hash_password("correct horse battery")
    assert passwords.verify_password("correct horse battery", stored)
    assert not passwords.verify_password("correct horse batterY", stored)
    assert not passwords.verify_password("", stored)


def test_verify_password_without_hash_is_false():
    assert not passwords.verify_password("no-such-account", None)
    assert not passwords.verify_password("anything", None)


def test_verify_password_with_invalid_hash_is_false_not_an_error():
    assert not passwords.verify_password("secret", "not-a-hash")
    assert not passwords.verify_password("secret", "$argon2id$v=19$broken")
    assert not passwords.verify_password("secret", "")
