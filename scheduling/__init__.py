"""Scheduling: who serves whom, where and when.

- ``models``: tables: organisations (the tenants every access check is scoped to),
  municipalities, agreements, services, clients, opening hours, bookings, busy time (staff and
  the audit log are ``access``'s).
- ``schemas``: API shapes (``Create`` / ``Update`` / ``Read``) and their validation.
- ``errors``: the domain's errors.
- ``municipalities``, ``organisations``, ``services``, ``agreements``, ``clients``: the rules for
  each, scoped to the actor's organisation (who is acting, and the audit log: ``access``).
- ``directory``: the schedule tables in memory per schedule version (who serves, when they
  are open), for every search and booking.
- ``availability``, ``localtime``, ``intervals``: opening hours expanded per local date, wall
  times on DST days, and the interval arithmetic (pure).
- ``busy``: busy time in memory per database, brought up to date from the log of whose busy
  time changed, for every search.
- ``slots``: slot search; ``assignment``: which free advisor gets a booking.
- ``bookings``: booking a slot; ``claims``: everyone's busy time, never overlapping;
  ``lifecycle``: a booking afterwards (link, move, cancel, status); ``notices``: what each
  change tells whom; ``references``: signed slot references; ``idempotency``: retried requests;
  ``limits``: how many coming sessions one person and one address may book publicly.
- ``feedback``: the client's one answer (three faces) after a session.
- ``calendars``: invitations and personal feeds for staff; ``schedules``: opening hours kept
  by staff.
- ``jobs``: scheduled work (pruning the busy-time log).
- ``demo``: demo data modelled on Northern Ostrobothnia and the Jakobstad region.
"""
