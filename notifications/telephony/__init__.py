"""Telephony: calls that speak to a client and take one key press, over SIP or an HTTP voice API.

One interface (``gateway``), two kinds of implementation: a synchronous one that holds the call
itself and returns its result when it is over (``sip``: baresip driven over its control
socket), and an asynchronous one whose provider reports the result later by webhook (the HTTP
voice API, 46elks-style). Both end in the same function, ``flows.voice.record_call_result``.

- ``gateway``: the interface: ``Call`` (number, audio in order, the question, keys, timeouts),
  ``CallResult`` and ``CallEvent`` (answered, digits, no input, busy, no answer, failed, hung
  up), ``Placed``, ``VoiceGateway``; read its docstring before writing a gateway.
- ``models``: ``VoiceCall``, one row per call of a voice message, written before dialling.
- ``calls``: that row: begun before dialling, left dialling by a dead worker, finished once.
- ``outcomes``: what a result does to the message: sent, called again, one SMS instead.
- ``scripts``: what a reminder call says, from the speech library, and whether every part
  of it has audio in the language (else ``MissingAudio``: an SMS instead).
- ``channel``: the outbox's voice channel: a claimed voice message becomes one call, the
  call's row committed before dialling; an interrupted call is never dialled again.
- ``sound``: the call's audio as 8 kHz mono WAV, composed from the library's files (PyAV).
- ``baresip``: one baresip process: its own config folder, the control socket on loopback.
- ``sip``: ``SipGateway``: calls through baresip processes, one call a process, to an
  operator's SIP trunk or a PBX (``SIP_ACCOUNT``), or to ``sipp`` phones in tests.
- ``elks``: ``ElksGateway``, the HTTP voice API in 46elks's shapes: the call request.
- ``elks_steps``: that call's steps (inline ``voice_start``), what each webhook means.
- ``elks_urls``: the URLs handed to the provider, each with a secret derived from what it
  covers (the call, its script, the audio and its expiry); the joined MP3 it fetches.
"""
