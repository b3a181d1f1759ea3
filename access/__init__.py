"""Access: who may do what. Staff accounts with their roles and languages, the acting person,
log-in and the audit log, each scoped to an organisation (the organisations table and its rules
are ``scheduling``'s; access names an organisation only by id).

- ``models``: tables: staff, staff roles and languages, staff sessions, log-in attempts, the
  audit log, password links and reset requests.
- ``schemas``: API shapes of staff members.
- ``errors``: the package's errors (not found, not authenticated, role required ...;
  ``OrganisationNotFound`` too, the answer when an actor may not act in an organisation).
- ``actors``: ``Actor``, who is acting, and what their roles and organisation allow.
- ``auth``: staff log-in, rate limits on guessing, sessions and API tokens as hashed tokens;
  changing one's own password.
- ``password_links``: one-time links to set a password (an invitation, a reset), hashed at
  rest, expiring; reset requests held back as log-ins are.
- ``password_rules``: what a new password must be: long enough, not a leaked one.
- ``staff``: staff accounts: create, change, list, always inside one organisation.
- ``audit``: recording who did what, and every look at a client's data.
- ``jobs``: scheduled work (purging ended staff sessions and stale log-in attempts).
"""
