"""Scheduling: who serves whom, where and when.

- ``models``: tables: organisations (the tenants every access check is scoped to) and their logos,
  municipalities, agreements, services, clients, opening hours, bookings, busy time (staff and
  the audit log are ``access``'s).
- ``schemas``: API shapes (``Create`` / ``Update`` / ``Read``) and their validation.
- ``errors``: the domain's errors.
- ``organisations``: the network's organisations (platform admins add them).
- ``logos``: an organisation's logo for letters, checked and re-encoded as Neuvo's own PNG.
- ``municipalities``: national reference data, keyed by official code; the official list loaded.
- ``classification``: Statistics Finland's classification of municipalities: the year shipped in
  ``data/`` and the next year's files as its classification service exports them.
- ``services``: the kinds of session an organisation offers.
- ``agreements``: which organisation serves which municipality's residents, for what, when.
- ``places``: where a client likely lives, first (the serving organisations' homes, then the
  places agreements cover), and the language each municipality's name is said in.
- ``clients``: a language and a way to be reached; every staff look audited.
- ``directory``: the schedule tables in memory per schedule version (who serves, when they
  are open), for every search and booking.
- ``availability``: opening hours expanded per local date into UTC intervals.
- ``localtime``: wall times and UTC instants, right on DST days.
- ``intervals``: half-open interval arithmetic for slot search (pure).
- ``busy``: busy time in memory per database, brought up to date from the log of whose busy
  time changed, for every search.
- ``slots``: slot search.
- ``assignment``: which free advisor gets a booking.
- ``references``: signed slot references, what a search hands out for a booking to name.
- ``bookings``: booking a slot, for a client or by staff on their behalf.
- ``claims``: everyone's busy time per booking, never overlapping.
- ``lifecycle``: a booking afterwards (link, move, cancel, status).
- ``notices``: what each booking change tells whom, written to the outbox.
- ``idempotency``: retried requests get the first result.
- ``limits``: how many coming sessions one person and one address may book publicly.
- ``calls``: who may call a phone session's client, and each try's outcome.
- ``joins``: the interpreter's browser joining the client's bridged call: her offer, its answer.
- ``short_codes``: eight digits read out over the phone that open a booking, kept hashed;
  wrong tries held back per address.
- ``callbacks``: clients' "call me" requests (one open per number and service, capped per
  number and address) and the operators' queue that calls them back, books or gives up.
- ``callback_schemas``: the API shapes of call-back requests and the queue.
- ``callback_figures``: the queue's figures: requests, and the share called back the same day.
- ``unreached``: a phone session's client not reached and marked no-show: the call-back
  request an operator answers to book her again.
- ``feedback``: the client's one answer (three faces) after a session, the one message that
  asks for it, and the answers counted per service, language and channel.
- ``calendars``: invitations and personal feeds for staff.
- ``schedules``: opening hours kept by staff (weekly rules, date overrides, absences).
- ``jobs``: scheduled work (pruning the busy-time log, forgetting old wrong short codes,
  asking for feedback, closing reminders by a person whose sessions have begun).
- ``demo``: demo data modelled on Northern Ostrobothnia and the Jakobstad region.
"""
