"""Interpreters and peer counsellors: profiles, language matching, offers and acceptance.

No modules yet: the interpreters issue builds ``models``, ``matching``, ``offers`` and ``jobs``.
"""
