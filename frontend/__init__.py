"""Pages and static assets, served as they are (no build step).

- ``client.html``: the client page at ``/``: pick a language by its own name, see the services.
- ``console.html``: the staff console at ``/console``: log in, services, staff, agreements.
- ``static/``: scripts, styles and (later) recorded audio prompts, served at ``/static``.
"""
