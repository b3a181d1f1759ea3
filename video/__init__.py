"""Video sessions: rooms, join tokens, the signalling hub, the aiortc server peer, TURN.

No modules yet: the video issue builds ``rooms``, ``signalling``, ``hub``, ``peers`` and ``turn``.
"""
