"""Errors of speech: recordings, their checks, and who may make or approve them."""

from core.errors import NeuvoError


class SpeechError(NeuvoError):
    """Base of the speech package's errors."""


class AudioRejected(SpeechError):
    """An uploaded file is not audio, lasts too long, is too large or holds only silence."""


class UnknownPrompt(SpeechError):
    """No such prompt, clip, service or municipality in that language."""


class RecordingNotFound(SpeechError):
    """No such recording, or not one the caller may see."""


class NotARecorder(SpeechError):
    """The caller may not record or approve that language."""


class OwnRecording(SpeechError):
    """A recording is approved by a second person, never the one who made it."""


class AlreadyDecided(SpeechError):
    """The recording was approved or rejected already."""


class LicenceNotAgreed(SpeechError):
    """A take sent under a licence other than the one the installation states."""


class PackRefused(SpeechError):
    """A language pack whose signature, key, hashes or language do not hold: nothing loaded."""


class InvitationNotFound(SpeechError):
    """No recording invitation has that link, or none the caller may see."""


class InvitationExpired(SpeechError):
    """The recording invitation's time has passed, or an admin ended it."""


class InvitationWrongLanguage(SpeechError):
    """A take sent through a recording invitation for a language it was not made for."""


class InvitationInvalid(SpeechError):
    """A recording invitation cannot be made as asked (no address to send it to ...)."""


class TooManyTakes(SpeechError):
    """A recording invitation has sent as many takes as one may (a link in the wrong hands
    must not keep the decoders busy)."""
