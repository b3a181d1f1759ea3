"""Pages and static assets, served as they are (no build step).

- ``client.html``: the client page at ``/``: pick a language by its own name, a service, a way
  to meet, the home municipality and a time; book with a phone number. Every prompt can be heard.
- ``booking.html``: the client link page at ``/b/{token}``: the booking, heard or read; cancel it.
- ``console.html``: the staff console at ``/console``: log in, services, staff, agreements.
- ``static/``:
  - ``api.js``: fetch with the CSRF header, shared by the staff console.
  - ``speech.js``: prompts per language, speaking them (recording or the device's voice),
    pictograms, Helsinki times; shared by the client and booking-link pages.
  - ``slots.js``: slot search and day grouping for the client page.
  - ``client.js``, ``booking.js``: each page's own script; ``console/``: the staff console, one ES
    module per tab (``shell.js`` loads those ``tabs.js`` lists).
  - ``neuvo.css`` (client pages), ``console.css`` (staff console).
  - ``prompts/<lang>.json``: the prompts of one language, with ``reviewed`` telling whether a
    person has checked the (machine) translation.
"""
