"""Run every benchmark in ``bench/`` and print its figures (``make bench``)."""

import asyncio

from bench import (
    audio,
    booking_audio,
    booking_race,
    dispatch,
    healthz_under_load,
    joint_search,
    outreach,
    signalling,
    slot_search,
    voice_api,
    voice_calls,
)


def main() -> None:
    asyncio.run(slot_search.main(runs=50))
    asyncio.run(booking_race.main(workers=2))
    asyncio.run(dispatch.main())
    asyncio.run(joint_search.main())
    asyncio.run(signalling.main())
    asyncio.run(audio.main())
    asyncio.run(booking_audio.main())
    asyncio.run(outreach.main())
    asyncio.run(healthz_under_load.main())
    asyncio.run(voice_calls.main())
    asyncio.run(voice_api.main())


if __name__ == "__main__":
    main()
