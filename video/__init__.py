"""Video sessions: rooms, join passes, the signalling hub, the aiortc server peer, TURN.

- ``models``: ``RoomPass`` (a join token's hash for one person and role in one booking's
  room) and ``RoomEvent`` (joined, waited, admitted, left, switched to the phone).
- ``rooms``: a room per booking, open from ``NEUVO_ROOM_OPEN_MINUTES`` before the start to
  ``NEUVO_ROOM_CLOSE_MINUTES`` after the end; passes for the client (through their booking
  link) and for the booking's advisor and interpreter; redeeming a pass; session facts and a
  no-show suggestion; the switch to the phone.
- ``schemas``: API shapes: passes, session facts, the switch to the phone, the device test.
- ``protocol``: the signalling messages as a pydantic discriminated union, and close codes.
- ``signalling``: one connection from join to close: size, rate and schema checks, the
  waiting room, relay of offers, answers and candidates, the window's end.
- ``hub``: who is in each room and delivery to their connections, in process (``LocalHub``)
  or across processes through Redis (``RedisHub``: a hash per room, a channel per process).
- ``peers``: the device test, an aiortc peer that sends a client's media back and reports
  round-trip time and loss; registered, limited, and closed on failure and shutdown.
- ``turn``: ICE servers with coturn ``use-auth-secret`` credentials per participant.
- ``jobs``: purging the passes of rooms that have closed, as a periodic job.
- ``errors``: the package's errors (room not found, not open now, device tests busy ...).

Not built: spoken prompts from the server peer (the page speaks them), rooms for peer
counsellors (bookings have no peer counsellor yet), recording (an SFU's job).
"""
