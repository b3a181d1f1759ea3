"""What a hostile file makes a decoder do, as functions the sandbox runs in a child. Kept out of
the test modules so that a child imports nothing heavy (no pytest) before its clock runs."""

import time

from speech.errors import AudioRejected


def sleep(data: bytes) -> bytes:
    time.sleep(30)
    return data


def spin(data: bytes) -> bytes:
    while True:
        data = bytes(reversed(data))


def hoard(data: bytes) -> bytes:
    return data * (1024 * 1024 * 1024)


def echo(data: bytes) -> tuple[bytes, float]:
    return data[::-1], 1.5


def refuse(data: bytes) -> bytes:
    raise AudioRejected("the recording holds no speech (only silence)", field="audio")


def crash(data: bytes) -> bytes:
    raise ValueError("a path of the decoder nobody tried")
