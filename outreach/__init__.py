"""Outreach: campaigns to newcomers from the population register's change data.

- ``models``: campaigns, newcomers (each one's personal invitation), do-not-contact keys.
- ``records``: reading a register CSV file (encoding, mapping, columns, each row's checks).
- ``imports``: importing a file into a campaign, with a report of the rows left out.
- ``campaigns``: making and finding campaigns, their texts per language.
- ``texts``: the default letter and SMS texts, in plain language, per language.
- ``wording``: a campaign's own letter and SMS wording per language, checked, or the default.
- ``links``: the personal link's token (typed on a keyboard or read from the QR code).
- ``letters``: the printable letters of a batch as one PDF (WeasyPrint lays out the parts).
- ``batches``: batches of letters asked for in the console, laid out by a job, kept for download.
- ``overlay``: each letter's page put together from its parts (pikepdf), QR codes drawn.
- ``printing``: the printing process: letters laid out away from the event loop.
- ``invitations``: opening a link, a booking made through it, SMS, do not contact.
- ``schemas``: API shapes: campaigns, an import's report, the funnel.
- ``errors``: the package's errors, each named for what happened.
- ``funnel``: who was imported, invited, opened, booked and came, per language.
- ``retention``: removing non-responders' personal data once a campaign's retention ends.
- ``jobs``: the retention purge and the printing of letter batches, as periodic jobs.
"""
