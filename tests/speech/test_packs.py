"""Language packs in-process: what goes in (approved, current, licensed), and what a reader
refuses: changed file bytes, a changed manifest, another signature, an untrusted key, a language
that is not Neuvo's, files the manifest does not list."""

import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from speech import audio, library, packs
from speech.errors import PackRefused
from speech.models import Recording, RecordingKind, RecordingStatus
from tests import factories
from tests.speech.conftest import espeak_wav

KEY = Ed25519PrivateKey.generate()
TRUSTED = {packs.public_text(KEY): "oulu"}


def _take(lang: str, key: str, data: bytes, *, text: str | None = None, **extra) -> Recording:  # type: ignore[no-untyped-def]
    said = text if text is not None else library.prompt_texts(lang)[key]
    return Recording(
        lang=lang,
        kind=RecordingKind.PROMPT,
        key=key,
        text=said,
        text_hash=library.text_hash(said),
        audio=data,
        audio_hash=library.file_hash(data),
        seconds=1.5,
        status=extra.pop("status", RecordingStatus.APPROVED),
        decided_at=clock.now(),
        **extra,
    )


@pytest.fixture
async def pack(session: AsyncSession) -> bytes:
    org = await factories.organisation(session, "Oulu")
    recorder = await factories.person(session, org.id)
    mp3 = audio.normalise(espeak_wav("Dooro luqaddaada", "en")).data
    other = audio.normalise(espeak_wav("Maxaad u baahan tahay", "en")).data
    session.add_all(
        [
            _take("so", "choose_language", mp3, licence="CC-BY-4.0", recorded_by=recorder.id),
            _take("so", "what_help", other, licence="CC-BY-4.0", approved_by_name="Ayaan"),
            _take("so", "book", other, licence=None),  # agreed to no licence: stays here
            _take("so", "back", other, text="Dib", licence="CC-BY-4.0"),  # an older text
            _take("so", "next", other, licence="CC-BY-4.0", status=RecordingStatus.PENDING),
        ]
    )
    await session.flush()
    done = await packs.export(session, lang="so", key=KEY, signer="oulu.example")
    assert done.count == 2
    assert {(left.key, left.reason) for left in done.left} == {
        ("book", "its recorder agreed to no licence"),
        ("back", "made for an older text (stale)"),
    }
    return done.data


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as found:
        return {name: found.read(name) for name in found.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return buffer.getvalue()


def _resigned(parts: dict[str, bytes], change) -> bytes:  # type: ignore[no-untyped-def]
    """The pack with its manifest changed by ``change`` and signed again by the trusted key."""
    manifest = json.loads(parts[packs.MANIFEST])
    change(manifest)
    body = json.dumps(manifest).encode()
    return _zip({**parts, packs.MANIFEST: body, packs.SIGNATURE: KEY.sign(body)})


async def test_a_pack_holds_the_approved_current_licensed_takes_with_who_made_them(
    pack: bytes,
) -> None:
    found = packs.read(pack, trusted=TRUSTED)
    assert found.lang == "so" and found.signer == "oulu"
    by_key = {item.key: item for item in found.items}
    assert set(by_key) == {"choose_language", "what_help"}
    assert by_key["choose_language"].recorded_by == "Test Person"
    assert by_key["what_help"].approved_by == "Ayaan"
    assert {item.licence for item in found.items} == {"CC-BY-4.0"}
    manifest = json.loads(_parts(pack)[packs.MANIFEST])
    assert manifest["signer"] == {"name": "oulu.example", "public_key": packs.public_text(KEY)}
    for entry in manifest["items"]:
        assert entry["text_sha256"] == library.text_hash(entry["text"])


async def test_changed_file_bytes_are_refused(pack: bytes) -> None:
    parts = _parts(pack)
    name = next(n for n in parts if n.startswith("audio/"))
    parts[name] = parts[name][:-1] + bytes([parts[name][-1] ^ 1])
    with pytest.raises(PackRefused, match="does not match its hash"):
        packs.read(_zip(parts), trusted=TRUSTED)


async def test_a_changed_manifest_is_refused(pack: bytes) -> None:
    parts = _parts(pack)
    parts[packs.MANIFEST] = parts[packs.MANIFEST].replace(b'"CC-BY-4.0"', b'"CC0-1.0"', 1)
    with pytest.raises(PackRefused, match="signature does not match"):
        packs.read(_zip(parts), trusted=TRUSTED)


async def test_another_signature_is_refused(pack: bytes) -> None:
    parts = _parts(pack)
    parts[packs.SIGNATURE] = Ed25519PrivateKey.generate().sign(parts[packs.MANIFEST])
    with pytest.raises(PackRefused, match="signature does not match"):
        packs.read(_zip(parts), trusted=TRUSTED)
    with pytest.raises(PackRefused, match=r"no pack\.sig"):
        packs.read(_zip({k: v for k, v in parts.items() if k != packs.SIGNATURE}), trusted=TRUSTED)


async def test_a_key_this_installation_does_not_trust_is_refused(pack: bytes) -> None:
    stranger = {packs.public_text(Ed25519PrivateKey.generate()): "someone"}
    with pytest.raises(PackRefused, match="does not trust"):
        packs.read(pack, trusted=stranger)
    with pytest.raises(PackRefused, match="does not trust"):
        packs.read(pack, trusted={})


async def test_a_language_that_is_not_neuvos_is_refused(pack: bytes) -> None:
    def klingon(manifest: dict) -> None:
        manifest["lang"] = "tlh"

    with pytest.raises(PackRefused, match="not a language of Neuvo's"):
        packs.read(_resigned(_parts(pack), klingon), trusted=TRUSTED)


async def test_a_text_that_does_not_match_its_hash_is_refused(pack: bytes) -> None:
    def reworded(manifest: dict) -> None:
        manifest["items"][0]["text"] = "Something else"

    with pytest.raises(PackRefused, match="text does not match its hash"):
        packs.read(_resigned(_parts(pack), reworded), trusted=TRUSTED)


async def test_files_the_manifest_does_not_list_are_refused(pack: bytes) -> None:
    parts = {**_parts(pack), "audio/extra.mp3": b"ID3 not listed"}
    with pytest.raises(PackRefused, match="does not list"):
        packs.read(_zip(parts), trusted=TRUSTED)


async def test_what_is_not_a_zip_is_refused() -> None:
    with pytest.raises(PackRefused, match="not a language pack"):
        packs.read(b"PK\x03\x04 nothing more", trusted=TRUSTED)


def test_the_trusted_keys_file_names_each_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "trusted"
    path.write_text(f"# who we take packs from\noulu {packs.public_text(KEY)}  # Oulu\n\n")
    assert packs.trusted_keys(path) == TRUSTED
    path.write_text("oulu not-a-key\n")
    with pytest.raises(PackRefused, match="not an Ed25519 public key"):
        packs.trusted_keys(path)


async def test_loading_waits_for_a_reviewer_or_is_approved_by_configuration(
    pack: bytes, session: AsyncSession
) -> None:
    found = packs.read(pack, trusted=TRUSTED)
    first = await packs.load(session, found)  # the same database: the files are here already
    assert {entry.outcome for entry in first} == {"skipped"}
    assert {entry.reason for entry in first} == {"this file is here already"}

    await session.execute(delete(Recording))
    loaded = await packs.load(session, found, approve=True)
    assert [entry.outcome for entry in loaded] == ["approved", "approved"]
    takes = list(await session.scalars(select(Recording)))
    assert {take.status for take in takes} == {RecordingStatus.APPROVED}
    assert {take.origin for take in takes} == {"oulu"}
    heard = await library.resolve(
        session,
        lang="so",
        items={(RecordingKind.PROMPT, "what_help"): library.prompt_texts("so")["what_help"]},
    )
    assert heard[(RecordingKind.PROMPT, "what_help")].source == "recorded"


async def test_a_recording_for_a_reworded_text_is_kept_stale_with_the_reason(
    pack: bytes, session: AsyncSession
) -> None:
    found = packs.read(pack, trusted=TRUSTED)
    await session.execute(delete(Recording))
    # The text this installation has now (the caller's items are laid over the prompt files).
    reworded = {(RecordingKind.PROMPT, "what_help"): "Maxaad rabtaa?"}
    loaded = await packs.load(session, found, names=reworded, approve=True)
    stale = next(entry for entry in loaded if entry.key == "what_help")
    assert stale.outcome == "stale" and "Maxaad rabtaa?" in stale.reason
    take = await session.scalar(select(Recording).where(Recording.key == "what_help"))
    assert take is not None and take.status == RecordingStatus.PENDING  # never approved
