"""Outreach: campaigns to newcomers from the population register's change data.

- ``models.py``: campaigns, newcomers (each one's personal invitation), do-not-contact keys.
- ``records.py``: reading a register CSV file (encoding, mapping, columns, each row's checks).
- ``imports.py``: importing a file into a campaign, with a report of the rows left out.
- ``campaigns.py``: making and finding campaigns, their texts per language.
- ``texts.py``: the default letter and SMS texts, in plain language, per language.
- ``links.py``: the personal link's token (typed on a keyboard or read from the QR code).
- ``letters.py``: the printable letters of a batch as one PDF (WeasyPrint lays out the parts).
- ``overlay.py``: each letter's page put together from its parts (pikepdf), QR codes drawn.
- ``invitations.py``: opening a link, a booking made through it, SMS, do not contact.
- ``funnel.py``: who was imported, invited, opened, booked and came, per language.
- ``retention.py`` and ``jobs.py``: removing non-responders' personal data after a campaign.
"""
