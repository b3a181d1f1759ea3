"""Interpreters and peer counsellors: profiles, language matching, offers and acceptance.

- ``models``: ``InterpreterProfile`` (interpreter or peer counsellor; the languages they work
  into, modes, regions served on site, qualifications, optional self-declared gender,
  freelance) and ``InterpreterLanguage`` (a language with an optional dialect region).
- ``schemas``: the API's shapes, with ISO 639 language and ISO 3166 region checks.
- ``profiles``: reading and setting profiles, by the person or an admin of their organisation;
  ``of_language``, the interpreters of a language as matching sees them.
- ``matching``: pure code: own-language advisor, else advisor and interpreter, or a peer
  counsellor for peer guidance; the client's wishes as rules, dialect and load as ranking.
  ``Prepared`` answers the same for many times at once (the joint search's fast path).
- ``search``: ``JointCheck``, the joint slot search: a slot needing an interpreter is kept
  while a matching interpreter is free then (public search and booking re-check alike).
- ``offers``: a session needing an interpreter is offered to the first tier of qualified,
  free interpreters whose opening hours hold it; the first to accept wins (one conditional
  UPDATE), the rest are withdrawn and told; the next tier follows after a wait or when all
  decline; at the deadline open offers expire and operators see the booking; cancelling or
  moving withdraws or renews.
- ``wishes``: a client's wishes about interpreters (one gender, never these), kept by staff.
- ``jobs``: the offer rounds as a periodic job.
- ``errors``: the domain's errors.
- ``demo``: a profile for every interpreter and peer counsellor of the demo network.

Peer guidance needs no offers: its slots are the peer counsellors' own (``scheduling.slots``).
The console keeps profiles (the Profile tab) and a client's wishes (the caller tab). Not built
yet: statistics of time to fill beyond the offers' own timestamps.
"""
