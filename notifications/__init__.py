"""Notifications: the outbox, templates per language, and channels (SMS, SMTP, voice).

No modules yet: the notifications issue builds ``models``, ``outbox``, ``templates``,
``channels`` and ``jobs``.
"""
