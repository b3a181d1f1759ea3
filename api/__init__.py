"""The edge: the only package that knows HTTP.

- ``app``: the application factory and its lifespan (engine, Redis, in-process jobs).
- ``main``: the ASGI object for uvicorn.
- ``routes/``: one router per area (auth, health, languages, municipalities, organisations,
  services, agreements, staff, clients, pages).
- ``deps``: dependencies: settings, database session, the acting staff member, CSRF.
- ``errors``: the one table from domain error to HTTP status (RFC 9457 problem details).
- ``jobs``: the periodic jobs and the in-process runner used without Redis.
- ``worker``: arq ``WorkerSettings`` for ``neuvo worker``.
- ``cli``: the ``neuvo`` command line.
"""
