"""A campaign's own wording: per language, the letter's body and the SMS that replace the
default texts (``texts``), each marked reviewed or machine translated; checked before it is
kept, so that a letter or SMS can always be made from it, and put back to the default."""

import copy
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from core import languages, placeholders
from outreach import texts
from outreach.errors import CampaignNotFound, InvalidCampaign
from outreach.models import Campaign
from outreach.schemas import CampaignText, CampaignTexts

KINDS = ("letter", "sms")
# What each text may name: the letter the service and municipality, the SMS its link.
PLACES = {"letter": frozenset({"service", "municipality"}), "sms": frozenset({"link"})}
SMS_MAX = 480  # three SMS parts in GSM-7; the link adds about 40 characters


def check(kind: str, text: str) -> None:
    """Raise ``InvalidCampaign`` (field ``text``) unless ``text`` can be filled in: only the
    placeholders its kind knows, each a whole ``{name}`` (``core.placeholders``), and the SMS
    carrying its ``{link}`` once."""
    try:
        named = placeholders.names(text)
    except placeholders.PlaceholderError as bad:
        allowed = ", ".join(f"{{{name}}}" for name in sorted(PLACES[kind]))
        raise InvalidCampaign(
            f"{bad.message} at character {bad.position}: this text may use {allowed}",
            field="text",
            position=bad.position,
        ) from None
    if unknown := sorted({name for name in named if name not in PLACES[kind]}):
        allowed = ", ".join(f"{{{name}}}" for name in sorted(PLACES[kind]))
        raise InvalidCampaign(
            f"unknown placeholder {{{unknown[0]}}}: this text may use {allowed}", field="text"
        )
    if kind == "sms":
        if named.count("link") != 1:
            raise InvalidCampaign("the SMS must contain {link} exactly once", field="text")
        if len(text) > SMS_MAX:
            raise InvalidCampaign(f"the SMS is longer than {SMS_MAX} characters", field="text")


def check_all(wording: CampaignTexts) -> None:
    """Check every text a new campaign brings (its language codes too)."""
    for kind in KINDS:
        for language, own in getattr(wording, kind).items():
            _known(language)
            check(kind, own.text)


def listing(campaign: Campaign) -> list[dict[str, Any]]:
    """Per language (the defaults' and the campaign's own): the letter's body and the SMS a
    newcomer of that language gets, whether each is the campaign's own, and reviewed."""
    own = campaign.texts or {}
    found = set(texts.LETTER) | set(texts.SMS)
    for kind in KINDS:
        found |= set(own.get(kind, {}))
    rows = []
    for language in sorted(found):
        row: dict[str, Any] = {"language": language}
        for kind, key, defaults in (("letter", "body", texts.LETTER), ("sms", "text", texts.SMS)):
            mine = own.get(kind, {}).get(language)
            default = defaults.get(language)
            if mine:
                row[kind] = {"text": mine["text"], "reviewed": mine["reviewed"], "own": True}
            elif default:
                row[kind] = {"text": default[key], "reviewed": default["reviewed"], "own": False}
            else:
                row[kind] = None
        rows.append(row)
    return rows


async def replace(
    session: AsyncSession,
    *,
    actor: Actor,
    campaign: Campaign,
    kind: str,
    language: str,
    data: CampaignText,
) -> None:
    """Keep ``data`` as the campaign's ``kind`` text in ``language`` (its admins only)."""
    _may_edit(actor, campaign, kind, language)
    check(kind, data.text)
    changed = copy.deepcopy(campaign.texts or {})
    changed.setdefault(kind, {})[language] = data.model_dump()
    campaign.texts = changed  # a new value, so that the JSON column is written
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="campaign_text",
        entity_id=campaign.id,
        detail={"kind": kind, "language": language, "reviewed": data.reviewed},
    )


async def reset(
    session: AsyncSession, *, actor: Actor, campaign: Campaign, kind: str, language: str
) -> None:
    """Put the default text back for ``kind`` in ``language``: the campaign's own goes."""
    _may_edit(actor, campaign, kind, language)
    changed = copy.deepcopy(campaign.texts or {})
    if changed.get(kind, {}).pop(language, None) is None:
        return
    campaign.texts = changed
    await audit.record(
        session,
        actor=actor,
        action="reset",
        entity="campaign_text",
        entity_id=campaign.id,
        detail={"kind": kind, "language": language},
    )


def _may_edit(actor: Actor, campaign: Campaign, kind: str, language: str) -> None:
    actor.require_manager(campaign.organisation_id, hidden=CampaignNotFound("no such campaign"))
    if kind not in KINDS:
        raise InvalidCampaign("the text is either 'letter' or 'sms'", field="kind")
    _known(language)


def _known(language: str) -> None:
    if not languages.is_known(language):
        raise InvalidCampaign(f"unknown language code {language!r}", field="language")
