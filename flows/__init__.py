"""Use cases: each function composes the domain packages in the caller's unit of work, never
commits, and returns what must happen after the commit (``effects.Done``). Routes, the command
line and webhooks call one flow, or one domain function where a use case is one package's rule.

- ``effects``: the after-commit effects (send the outbox, tell a room) and ``Done``.
- ``bookings``: book (idempotency, offers, invitation credit), cancel, move, mark.
- ``callbacks``: a client's "call me" and roughly when the call comes; the call offered where
  her language cannot be booked by ear.
- ``callback_queue``: the operators' queue (who is free now), tries, the one SMS after three,
  the booking that closes a request, the figures.
- ``calls``: phone sessions in the day view (the numbers to call, how the interpreter joins)
  and each try to call the client.
- ``bridges``: a phone session's client dialled by Neuvo (Janus's SIP plugin) with the
  advisor's browser connected: dial, follow (the answer, the end), hang up.
- ``joins``: the interpreter joining a bridged call from her browser: her offer, the advisor's
  browser's answer, her leg followed and left.
- ``client_links``: the client's own link: what it shows, cancel or move by it, feedback;
  the short code read out over the phone that leads to it.
- ``offers``: an interpreter accepts (the first wins) or declines an offer.
- ``messages``: the outbox as staff read it (number and short code for those who may see the
  client), a failed message sent again, the client's link sent again by SMS.
- ``outreach``: a campaign's register import, letters, invitation SMS, newcomer search.
- ``prompts``: the service and municipality names a client hears; how close each language is
  to "a non-reader can book" and to "everything heard".
- ``recording``: community recording: an admin's recording invitation sent by e-mail and SMS,
  the volunteer's page behind its link, the takes it sends.
- ``rooms``: a video session switched to the phone.
- ``staff``: staff invited by e-mail (a link to set a password), the invitation sent again,
  a forgotten password's reset link.
- ``voice``: a voice call's result, from the SIP worker or a provider's webhook: recorded
  once, key 1 keeps, 2 cancels, 0 asks for a call-back; busy or unanswered called again,
  then one SMS.
- ``slots``: slot search with interpreters' availability and the client's words for times.
- ``voice_webhooks``: an HTTP voice provider's webhooks (a key, the call's end) and the audio
  it plays.
"""
