"""Pages and static assets, served as they are (no build step).

- ``client.html``: the client page at ``/``: pick a language by its own name, a service, a way
  to meet, the home municipality and a time; book with a phone number. Every prompt can be heard.
- ``booking.html``: the client link page at ``/b/{token}``: the booking, heard or read; cancel it.
- ``invitation.html``: a letter's link that opens nothing (a code typed wrong, or expired): said
  in the letter's (or the reader's) language, with the numbers to call (``static/invitation.js``).
- ``console.html``: the staff console at ``/console``: log in, services, staff, agreements.
- ``static/``:
  - ``http.js``: the one HTTP module: the staff client (cookie session, CSRF header) and the
    anonymous client of the client pages (no cookies, no referrer); only it calls fetch.
  - ``dom.js``: the one DOM helper module (``$``, ``el``); ``days.js``: local days and their
    arithmetic; ``console/widgets.js``: the console's tables and forms.
  - ``speech.js``: prompts per language, speaking them (recording or the device's voice),
    pictograms, Helsinki times; shared by the client and booking-link pages.
  - ``slots.js``: slot search and day grouping for the client page.
  - ``pictograms.js``: which pictogram stands for a service, for the booking flow and page alike.
  - ``feedback.js``: the three faces after a session, first on the booking page, said on arrival.
  - ``client.js``, ``booking.js``: each page's own script; ``console/``: the staff console, one ES
    module per tab (``shell.js`` loads those ``tabs.js`` lists).
  - ``neuvo.css`` (client pages), ``console.css`` (staff console).
  - ``prompts/<lang>.json``: the prompts of one language, with ``reviewed`` telling whether a
    person has checked the (machine) translation.

Every module carries ``// @ts-check`` and JSDoc types, checked by ``tsc --noEmit`` (configs
``tsconfig.json`` and, strictly, ``tsconfig.kit.json`` beside this file); pure functions are
tested by ``node --test tests/js/``.
"""
