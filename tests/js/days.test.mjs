// Days as the pages count them (frontend/static/days.js): Helsinki's date whatever the
// machine's zone, day arithmetic across clock changes, local midnight with its offset.
import assert from "node:assert/strict";
import { test } from "node:test";

import { addDays, helsinkiDay, localMidnight, monday } from "../../frontend/static/days.js";

test("helsinkiDay is Helsinki's date, not the machine's", () => {
  // 22.30 UTC on 31 December is already New Year's Day in Helsinki (UTC+2).
  assert.equal(helsinkiDay(new Date("2025-12-31T22:30:00Z")), "2026-01-01");
  assert.equal(helsinkiDay(new Date("2025-12-31T21:30:00Z")), "2025-12-31");
  // Summer time: UTC+3.
  assert.equal(helsinkiDay(new Date("2025-06-30T21:00:00Z")), "2025-07-01");
});

test("addDays counts calendar days across the clock changes and the year's end", () => {
  assert.equal(addDays("2025-03-29", 1), "2025-03-30"); // the night summer time begins
  assert.equal(addDays("2025-03-30", 1), "2025-03-31");
  assert.equal(addDays("2025-10-25", 2), "2025-10-27"); // and ends
  assert.equal(addDays("2025-12-31", 1), "2026-01-01");
  assert.equal(addDays("2024-03-01", -1), "2024-02-29");
  assert.equal(addDays("2025-01-10", 0), "2025-01-10");
});

test("monday is the Monday of the week holding the day (ISO weeks start on Monday)", () => {
  assert.equal(monday("2025-12-01"), "2025-12-01"); // a Monday
  assert.equal(monday("2025-12-07"), "2025-12-01"); // its Sunday
  assert.equal(monday("2026-01-01"), "2025-12-29"); // across the year
});

test("localMidnight carries the offset of the day in that zone", () => {
  assert.equal(localMidnight("2025-01-15", "Europe/Helsinki"), "2025-01-15T00:00:00+02:00");
  assert.equal(localMidnight("2025-07-15", "Europe/Helsinki"), "2025-07-15T00:00:00+03:00");
  // Summer time begins at 03.00 on 30 March: that midnight is still winter time.
  assert.equal(localMidnight("2025-03-30", "Europe/Helsinki"), "2025-03-30T00:00:00+02:00");
  assert.equal(localMidnight("2025-03-31", "Europe/Helsinki"), "2025-03-31T00:00:00+03:00");
  assert.equal(localMidnight("2025-07-15", "UTC"), "2025-07-15T00:00:00+00:00");
});
