"""Core: what every other package stands on, and nothing of ours beneath it.

- ``config``: settings from the environment (``DATABASE_URL``, ``REDIS_URL``, ``SECRET_KEY`` ...).
- ``db``: async engine and sessions: SQLite (WAL, ``BEGIN IMMEDIATE`` writes) or asyncpg.
- ``types``: column types, above all ``UTCDateTime`` (aware UTC in and out, on every backend).
- ``clock``: the current time, settable by tests.
- ``tokens``: capability tokens (256 random bits, SHA-256 at rest, constant-time compare).
- ``passwords``: argon2 password hashing.
- ``languages``: the languages registry (ISO 639 codes, endonyms, script direction).
- ``models``: the base of every table (UUID key, ``created_at``) and portable enum columns.
- ``phones``: phone numbers parsed one way (Finnish by default), E.164, mobile or not.
- ``text``: validated plain-text fields (names without control characters).
- ``placeholders``: the placeholder language of texts people write (``{name}`` only).
- ``dates``: dates, instants and times of day as people enter them and the API shows them.
- ``schemas``: bases and field types every package's API shapes share.
- ``runtime``: process tuning applied after start-up (the garbage collector).
- ``errors``: ``NeuvoError``, the base of every domain error.
"""
