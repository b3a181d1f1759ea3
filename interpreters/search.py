"""The joint slot search: a slot that needs an interpreter is offered only while an advisor
and at least one matching interpreter are both free then.

``JointCheck`` is handed to ``scheduling.slots.search`` (by the API, for the public search and
for the booking's own re-check alike), so both always agree on what can be booked.
"""

from dataclasses import replace
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from interpreters import matching, profiles
from scheduling import directory, intervals
from scheduling import slots as slot_search


class JointCheck:
    """Keeps a slot needing an interpreter while one is free, ranked, with the advisors an
    interpreter can work with; own-language slots pass as they are."""

    async def __call__(
        self,
        session: AsyncSession,
        query: slot_search.SlotQuery,
        found: list[slot_search.Slot],
        zone: str,
        snapshot: directory.Snapshot,
    ) -> list[slot_search.Slot]:
        needing = [slot for slot in found if not slot.own_language]
        if not needing:
            return found
        helpers = await profiles.of_language(session, query.language, version=snapshot.token)
        advisor_ids = set().union(*(slot.advisors for slot in needing))
        need = matching.Need(
            language=query.language,
            channel=query.channel,
            municipality_code=query.municipality_code,
        )
        # Who qualifies, and for which advisors, does not change from slot to slot.
        prepared = matching.Prepared(
            need,
            [matching.Advisor(a, snapshot.people[a].speaks) for a in advisor_ids],
            helpers.values(),
        )
        # Each qualified interpreter's free time, once (windows less busy time), walked along
        # the slots (``found`` is in order of start) to list whom each slot could have.
        windows = await slot_search.windows_of(
            session, list(prepared.qualified), query, zone, snapshot
        )
        spans = [(slot.starts_at, slot.ends_at) for slot in needing]
        free: list[list[UUID]] = [[] for _ in needing]
        for helper_id, candidate in windows.items():
            free_time = intervals.subtract(candidate.windows, candidate.busy)
            for index, holds in enumerate(intervals.covering(free_time, spans)):
                if holds:
                    free[index].append(helper_id)
        helpers_of = iter(free)
        kept = []
        for slot in found:
            if slot.own_language:
                kept.append(slot)
                continue
            match = prepared.at(slot.advisors, next(helpers_of))
            if match.case == matching.Case.INTERPRETER:
                kept.append(replace(slot, advisors=match.advisors, interpreters=match.helpers))
        return kept
