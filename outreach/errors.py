"""Errors of outreach, each named for what happened."""

from core.errors import NeuvoError


class OutreachError(NeuvoError):
    """Base of the outreach package's errors."""


class CampaignNotFound(OutreachError):
    """No such campaign, or not one the caller may see."""


class NewcomerNotFound(OutreachError):
    """No such newcomer in the campaign (or their data has been removed)."""


class InvitationNotFound(OutreachError):
    """The personal link is unknown, expired, or its person asked not to be contacted."""


class ImportRefused(OutreachError):
    """A whole file was refused (encoding, missing columns, size, mapping); nothing imported."""


class InvalidCampaign(OutreachError):
    """A campaign's settings do not hold together (dates, municipalities, texts, service)."""


class LetterBatchNotFound(OutreachError):
    """No such batch of letters in this campaign."""


class LetterBatchNotReady(OutreachError):
    """The batch's letters are still being laid out (or it failed): nothing to download yet."""
