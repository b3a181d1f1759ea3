"""Language packs: one installation's approved recordings of a language, signed, so that another
installation loads them (one municipality's Somali recordings serve every other).

A pack is a zip file of three parts:

- ``pack.json``: the format, the language, when it was made, the signer (a name and its Ed25519
  public key), and per recording: kind, key, text and its sha256, file name, the file's sha256,
  length, who recorded and who approved it, when, and the licence the recorder agreed to;
- ``pack.sig``: the Ed25519 signature of ``pack.json``'s exact bytes;
- ``audio/<sha256>.mp3``: the files, as the studio keeps them (byte for byte).

Ed25519, not an HMAC with a shared key: a pack travels from one municipality to any other. A
shared key would have to reach every receiver secretly, and every holder could forge packs in
the sender's name; with Ed25519 a receiver holds only public keys, which may be published. The
receiver trusts keys by configuration (a file of ``name base64-key`` lines); a pack signed by any
other key, or whose signature, file hashes or text hashes do not hold, is refused as a whole.

Loading: each recording is matched to this installation's item (a service by its name, since
services' ids differ between installations) and kept as a take waiting for a reviewer here, or
approved at once where the installation says so. A recording made for a text this installation
no longer has (the prompt was reworded) is kept as stale: listed in the studio, never heard.
"""

import base64
import binascii
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from access.models import StaffMember
from core import clock, languages
from speech import audio, library
from speech.errors import PackRefused
from speech.models import Recording, RecordingKind, RecordingStatus

FORMAT = "neuvo-language-pack"
VERSION = 1
MANIFEST = "pack.json"
SIGNATURE = "pack.sig"
MAX_ITEMS = 5000
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
_AUDIO = "audio/"


# --- keys -----------------------------------------------------------------------------------


def new_key() -> bytes:
    """A new Ed25519 private key, as PEM (PKCS #8, unencrypted: keep the file to its owner)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def signing_key(path: Path) -> Ed25519PrivateKey:
    """The installation's signing key from its PEM file; ``PackRefused`` if it is no such key."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise PackRefused(f"cannot read the signing key {path}: {exc}", field="key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise PackRefused(f"{path} is not an Ed25519 key", field="key")
    return key


def public_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A public key as the trusted-keys file writes it: base64 of its 32 raw bytes."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _public_key(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error) as exc:
        raise PackRefused(f"not an Ed25519 public key: {text[:60]!r}", field="key") from exc


def trusted_keys(path: Path | None) -> dict[str, str]:
    """Public key (base64) → the name this installation gives its signer, from a file of
    ``name base64-key`` lines (``#`` starts a comment); none without a file."""
    if path is None:
        return {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PackRefused(f"cannot read the trusted keys {path}: {exc}", field="key") from exc
    found: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2:
            raise PackRefused(f"{path}:{number}: write a name and a key", field="key")
        name, key = words
        found[public_text(_public_key(key))] = name
    return found


# --- export ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Left:
    """An approved recording not put into a pack, and why."""

    kind: RecordingKind
    key: str
    reason: str


@dataclass(frozen=True, slots=True)
class Exported:
    data: bytes
    count: int
    left: list[Left]


async def export(
    session: AsyncSession,
    *,
    lang: str,
    key: Ed25519PrivateKey,
    signer: str,
    names: dict[library.Item, str] | None = None,
) -> Exported:
    """The signed pack of ``lang``'s approved recordings (the newest of each item) that were
    made for the current text and carry a licence; the others are listed as left out."""
    lang = library.checked_language(lang)
    current = library.texts(lang, names)
    recorder, approver = aliased(StaffMember), aliased(StaffMember)
    rows = await session.execute(
        select(Recording, recorder.display_name, approver.display_name)
        .outerjoin(recorder, recorder.id == Recording.recorded_by)
        .outerjoin(approver, approver.id == Recording.decided_by)
        .where(Recording.lang == lang, Recording.status == RecordingStatus.APPROVED)
        .order_by(Recording.decided_at.desc(), Recording.created_at.desc())
    )
    items: list[dict[str, object]] = []
    files: dict[str, bytes] = {}
    left: list[Left] = []
    seen: set[library.Item] = set()
    for take, recorded_by, approved_by in rows:
        item = (RecordingKind(take.kind), take.key)
        if item in seen:
            continue  # an older approved take of the same item: not heard, not shared
        seen.add(item)
        text = current.get(item)
        if text is None or library.text_hash(text) != take.text_hash:
            left.append(Left(item[0], item[1], "made for an older text (stale)"))
            continue
        if not take.licence:
            left.append(Left(item[0], item[1], "its recorder agreed to no licence"))
            continue
        name = f"{_AUDIO}{take.audio_hash}.{audio.SUFFIX}"
        files[name] = take.audio
        items.append(
            {
                "kind": item[0].value,
                "key": item[1],
                "text": take.text,
                "text_sha256": take.text_hash,
                "file": name,
                "audio_sha256": library.file_hash(take.audio),
                "seconds": take.seconds,
                "recorded_by": take.recorded_by_name or recorded_by,
                "approved_by": take.approved_by_name or approved_by,
                "approved_at": take.decided_at.isoformat() if take.decided_at else None,
                "licence": take.licence,
            }
        )
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "lang": lang,
        "made_at": clock.now().isoformat(),
        "signer": {"name": signer, "public_key": public_text(key)},
        "items": sorted(items, key=lambda entry: (str(entry["kind"]), str(entry["key"]))),
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as pack:
        pack.writestr(MANIFEST, body)
        pack.writestr(SIGNATURE, key.sign(body))
        for name in sorted(files):
            pack.writestr(name, files[name])
    return Exported(buffer.getvalue(), len(items), left)


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackItem:
    kind: RecordingKind
    key: str
    text: str
    text_hash: str
    audio: bytes
    audio_hash: str
    seconds: float
    recorded_by: str | None
    approved_by: str | None
    licence: str


@dataclass(frozen=True, slots=True)
class Pack:
    lang: str
    signer: str  # the name this installation gives the signing key
    made_at: str
    items: list[PackItem] = field(default_factory=list)


def _member(pack: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = pack.getinfo(name)
    except KeyError as exc:
        raise PackRefused(f"the pack has no {name}", field="pack") from exc
    if info.file_size > limit:
        raise PackRefused(f"{name} is larger than {limit} bytes", field="pack")
    data = pack.read(info)
    if len(data) > limit:
        raise PackRefused(f"{name} is larger than {limit} bytes", field="pack")
    return data


def _text(entry: dict, name: str, limit: int = 500) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise PackRefused(f"an item's {name} is missing or too long", field="pack")
    return value


def read(data: bytes, *, trusted: dict[str, str]) -> Pack:
    """The pack in ``data``, once its signature is one of a ``trusted`` key's, its language is
    Neuvo's and every file and text matches its hash; ``PackRefused`` (with the reason) if not."""
    try:
        pack = zipfile.ZipFile(io.BytesIO(data))
        body = _member(pack, MANIFEST, MAX_MANIFEST_BYTES)
        signature = _member(pack, SIGNATURE, 64)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackRefused(f"not a language pack: {exc}", field="pack") from exc
    try:
        manifest = json.loads(body)
        signer = manifest["signer"]
        public = str(signer["public_key"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PackRefused("the pack's manifest cannot be read", field="pack") from exc
    name = trusted.get(public)
    if name is None:
        raise PackRefused(
            f"signed by a key this installation does not trust ({signer.get('name')!r}); add it "
            "to NEUVO_PACK_TRUSTED_KEYS_FILE if you trust its owner",
            field="signature",
        )
    try:
        _public_key(public).verify(signature, body)
    except InvalidSignature as exc:
        raise PackRefused(
            "the signature does not match the pack's manifest", field="signature"
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise PackRefused("not a language pack of a version this installation reads", field="pack")
    lang = manifest.get("lang")
    if not isinstance(lang, str) or not languages.is_known(lang):
        raise PackRefused(f"{lang!r} is not a language of Neuvo's", field="lang")
    entries = manifest.get("items")
    if not isinstance(entries, list) or len(entries) > MAX_ITEMS:
        raise PackRefused("the pack's list of recordings cannot be read", field="pack")
    listed = {MANIFEST, SIGNATURE}
    items: list[PackItem] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise PackRefused("the pack's list of recordings cannot be read", field="pack")
        try:
            kind = RecordingKind(entry.get("kind"))
        except ValueError as exc:
            raise PackRefused(f"unknown kind {entry.get('kind')!r}", field="pack") from exc
        key, text, file = _text(entry, "key", 64), _text(entry, "text"), _text(entry, "file", 200)
        if library.text_hash(text) != entry.get("text_sha256"):
            raise PackRefused(f"{kind.value} {key}: its text does not match its hash", field="pack")
        content = _member(pack, file, audio.MAX_BYTES)
        digest = library.file_hash(content)
        if digest != entry.get("audio_sha256"):
            raise PackRefused(f"{kind.value} {key}: {file} does not match its hash", field="pack")
        listed.add(file)
        seconds = entry.get("seconds")
        items.append(
            PackItem(
                kind=kind,
                key=key,
                text=text,
                text_hash=library.text_hash(text),
                audio=content,
                audio_hash=digest,
                seconds=float(seconds) if isinstance(seconds, int | float) else 0.0,
                recorded_by=_optional(entry.get("recorded_by")),
                approved_by=_optional(entry.get("approved_by")),
                licence=_text(entry, "licence", 40),
            )
        )
    extra = sorted(set(pack.namelist()) - listed)
    if extra:
        raise PackRefused(f"files the manifest does not list: {', '.join(extra[:5])}", field="pack")
    return Pack(lang=lang, signer=name, made_at=str(manifest.get("made_at", "")), items=items)


def _optional(value: object) -> str | None:
    return value[:200] if isinstance(value, str) and value else None


# --- loading --------------------------------------------------------------------------------

Outcome = Literal["imported", "approved", "stale", "skipped"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """What became of one recording of a pack."""

    kind: RecordingKind
    key: str
    outcome: Outcome
    reason: str


def _local_items(
    item: PackItem, current: dict[library.Item, str]
) -> tuple[list[library.Item], str]:
    """This installation's items for ``item`` and the reason when there is none: a service by its
    name (ids differ between installations), every active service of that name (organisations
    offering the same service name it alike; the one of the same id alone, where there is
    one), anything else by kind and key."""
    if item.kind == RecordingKind.SERVICE:
        named = [
            (kind, key)
            for (kind, key), text in current.items()
            if kind == RecordingKind.SERVICE and text == item.text
        ]
        if not named:
            return [], f"no active service here is called “{item.text}”"
        same = (RecordingKind.SERVICE, item.key)
        return ([same] if same in named else named), ""
    local = (item.kind, item.key)
    if local not in current:
        return [], f"this installation has no {item.kind.value} {item.key!r}"
    return [local], ""


def _keep(
    session: AsyncSession,
    pack: Pack,
    item: PackItem,
    local: library.Item,
    *,
    text_now: str,
    here: set[tuple[RecordingKind, str, str]],
    approve: bool,
    now: datetime,
) -> Loaded:
    """Keep ``item`` as a take of ``local``, unless the same file is there already."""
    if (local[0], local[1], item.audio_hash) in here:
        return Loaded(item.kind, item.key, "skipped", "this file is here already")
    stale = library.text_hash(text_now) != item.text_hash
    approved = approve and not stale
    session.add(
        Recording(
            lang=pack.lang,
            kind=local[0],
            key=local[1],
            text=item.text,
            text_hash=item.text_hash,
            audio=item.audio,
            audio_hash=item.audio_hash,
            seconds=item.seconds,
            status=RecordingStatus.APPROVED if approved else RecordingStatus.PENDING,
            decided_at=now if approved else None,
            licence=item.licence,
            recorded_by_name=item.recorded_by,
            approved_by_name=item.approved_by,
            origin=pack.signer,
        )
    )
    here.add((local[0], local[1], item.audio_hash))
    if stale:
        reason = f"made for “{item.text}”; the text here is now “{text_now}”"
        return Loaded(item.kind, item.key, "stale", reason)
    if approved:
        return Loaded(item.kind, item.key, "approved", "approved by configuration")
    return Loaded(item.kind, item.key, "imported", "waits for a reviewer here")


async def load(
    session: AsyncSession,
    pack: Pack,
    *,
    names: dict[library.Item, str] | None = None,
    approve: bool = False,
) -> list[Loaded]:
    """Keep every recording of ``pack`` that this installation has an item for: approved at
    once with ``approve``, else waiting for a reviewer here; stale where the text here has
    changed since; skipped where the same file is here already. One outcome per recording and
    item here (a service's name may be several services' here)."""
    current = library.texts(pack.lang, names)
    here = set(
        await session.execute(
            select(Recording.kind, Recording.key, Recording.audio_hash).where(
                Recording.lang == pack.lang
            )
        )
    )
    now = clock.now()
    done: list[Loaded] = []
    for item in pack.items:
        locals_, why = _local_items(item, current)
        if not locals_:
            done.append(Loaded(item.kind, item.key, "skipped", why))
        for local in locals_:
            kept = _keep(
                session, pack, item, local,
                text_now=current[local], here=here, approve=approve, now=now,
            )  # fmt: skip
            done.append(kept)
    await session.flush()
    return done


def counts(loaded: Iterable[Loaded]) -> dict[str, int]:
    """How many recordings had each outcome."""
    found: dict[str, int] = {}
    for entry in loaded:
        found[entry.outcome] = found.get(entry.outcome, 0) + 1
    return found
