"""The edge: the only package that knows HTTP.

- ``app``: the application factory and its lifespan (engine, Redis, in-process jobs).
- ``main``: the ASGI object for uvicorn.
- ``routes/``: one router per area (its own map lists them).
- ``deps``: dependencies: settings, the unit of work and its session, the acting staff member,
  CSRF.
- ``unit_of_work``: one unit of work per request: commit or roll back, then the effects.
- ``headers``: headers several routes share (private links, pages, the invitation reference).
- ``limits``: request body limits, checked before a body is read (413 problem).
- ``logs``: the served logging set-up: tokens, codes and phone numbers redacted.
- ``errors``: the one table from domain error to HTTP status (RFC 9457 problem details).
- ``inputs``: a rule every request's input keeps whatever its route (no NUL in any text).
- ``methods``: HEAD and OPTIONS for every route, and a 405 that lists a path's methods.
- ``openapi``: the OpenAPI document: problem responses where they occur, staff authentication.
- ``assets``: pages and static files, versioned and cached for slow, metered phones.
- ``jobs``: the periodic jobs, the in-process runner used without Redis, ``kick``.
- ``worker``: arq ``WorkerSettings`` for ``neuvo worker``.
- ``cli``: the ``neuvo`` command line.
- ``outreach_cli``: ``neuvo outreach``: import a register file, print letters, queue SMS, purge.
- ``municipalities_cli``: ``neuvo municipalities``: load the official list, import the next year's.
- ``packs_cli``: ``neuvo prompts export``/``import``/``keygen``/``public-key``: language packs.
"""
