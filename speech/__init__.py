"""Speech: the audio prompt library, so that every client prompt is heard in every language.

- ``models``: tables: recordings (takes of a prompt, clip or name, pending until a second
  person approves), recorders (who records which language), reviewers (who approves it,
  named by the platform), recording invitations.
- ``schemas``: API shapes of the studio, takes and spoken phrases.
- ``errors``: the package's errors (audio rejected, not a recorder, own recording ...).
- ``audio``: checks an upload (container by its magic, codec, blocks, length, size) and
  normalises it to mono MP3 (PyAV).
- ``sandbox``: runs the decoding of an upload in a child process under CPU, memory and wall-time
  limits, off the event loop.
- ``clips``: the clip set of each language and spoken dates, times, durations and digits
  composed from it in CLDR's word order (Babel).
- ``library``: the texts with audio, which source a client hears (approved recording,
  generated file, nothing), stale takes, the manifest, the files by content hash, coverage.
- ``generate``: espeak-ng reads prompts and clips into the committed files and manifest.
- ``recordings``: the studio's rules: who may record and approve, takes, decisions.
- ``packs``: language packs: a language's approved recordings signed (Ed25519) by one
  installation, checked and loaded by another (waiting for its reviewer, stale if reworded).
- ``invitations``: recording invitations: a capability link (its hash kept) for someone
  without a staff account to record one language from their phone until it expires.
"""
