"""Notifications: the outbox, texts per language, and the channels that send them.

- ``models``: ``Message``, one row per message, recipient and channel: kind, language, due
  time, status, attempts, last error, provider id, idempotency key.
- ``outbox``: writing messages in the caller's transaction (``announce``, ``withdraw``, and
  ``put_once`` for a message never to be written twice), reminder times on the local
  calendar, quiet hours for SMS to clients.
- ``dispatch``: the dispatcher: claims due messages under a lease (``FOR UPDATE SKIP LOCKED``),
  renders, sends, records; retries with back-off; ``preview`` for the console.
- ``templates``: rendering a kind in a language with Babel's dates and times, falling back to
  the second language or Finnish and Swedish.
- ``texts``: the words of every message per language, with ``reviewed`` flags.
- ``channels``: the HTTP SMS gateway, SMTP (with the iCalendar attachment), the outbox only.
- ``ical``: RFC 5545 invitations, cancellations and feeds for staff (the invitation of a
  message is written from its event's facts when it is sent).
- ``vtimezone``: the VTIMEZONE of any zone, from zoneinfo's transitions, one onset a line.
- ``console``: the outbox as operators and admins see it: listing, sending a failed one again.
- ``schemas``: API shapes: ``MessageRead``, a message with its recipient masked (unless the
  reader may see the client), ``LinkAgain``.
- ``links``: the client's link and the booking's short code (eight digits), derived from the
  secret key and a stored salt (and a staff member's password link, derived the same way by
  ``access.password_links``).
- ``accounts``: the e-mails about a staff member's account: the invitation, a password reset.
- ``jobs``: the dispatcher as a job for arq or the in-process runner.
- ``errors``: why a message could not be rendered or sent, or sent again.
- ``telephony``: voice messages: calls that speak a reminder and take a key (the gateway
  interface, SIP through baresip, the calls' rows and what their results do).
"""
