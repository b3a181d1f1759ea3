"""One router per area, each mounted by ``api.app``.

- ``auth``: staff log-in and log-out (cookie session for the console, bearer tokens).
- ``passwords``: the password page a link by e-mail opens, setting a password with a link,
  asking for a reset link, changing one's own password.
- ``health``: liveness and readiness.
- ``docs``: /docs and /redoc with their scripts served locally (no CDN).
- ``pages``: the client page at ``/`` and the staff console at ``/console``.
- ``languages``: the languages Neuvo knows (public).
- ``audio``: prompt audio for the client pages: manifests, files, spoken dates and times.
- ``speech``: the recording studio: prompts and clips, takes, approval, who records what.
- ``recording``: community recording: recording invitations, each language's readiness, the
  volunteer's page ``/record/{token}`` and its takes.
- ``municipalities``: municipalities, public to read, kept by platform administrators.
- ``organisations``: organisations of the network, a directory for staff.
- ``services``: services, a public catalogue kept by their organisation's admins.
- ``agreements``: cooperation agreements of the caller's organisation.
- ``staff``: staff accounts of the caller's organisation; inviting staff by e-mail.
- ``availability``: a staff member's weekly rules, date overrides and absences.
- ``clients``: clients, for the staff who serve them (every look audited).
- ``phones``: a typed phone number read by the server, the one phone parser (public).
- ``slots``: slot search (public times and references; staff also see who would serve).
- ``bookings``: bookings by clients or staff (Idempotency-Key), staff views and changes.
- ``client_links``: the client's link ``/b/{token}``: see, cancel or move the booking.
- ``calendar``: a booking's invitation for staff, and each staff member's feed URL.
- ``messages``: the outbox for operators and admins: list, send a failed message again.
- ``interpreters``: interpreter and peer-counsellor profiles, clients' wishes about them.
- ``offers``: an interpreter's offers: see, accept (first wins), decline.
- ``rooms``: video rooms: passes, the signalling WebSocket, facts, switch to phone, device test.
- ``outreach``: campaigns for staff: texts, register uploads, letters, SMS, do not contact.
- ``joins``: the interpreter joining a bridged phone call from her browser (offer, answer, leave).
- ``invitations``: the personal invitation link ``/i/{token}`` from a letter or an SMS (a page
  with the number to call when it opens nothing).
- ``feedback``: the clients' answers after their sessions, counted for the organisation's admins.
- ``callbacks``: a client's "call me" (client page, booking link), the offer of a call for a
  language not heard yet, and the operators' queue with its figures.
- ``elks``: the HTTP voice API's webhooks (a key, the call's end; the secret in the URL) and
  the audio it fetches under capability URLs.
"""
