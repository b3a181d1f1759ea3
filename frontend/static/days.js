// @ts-check
// Days as YYYY-MM-DD: Helsinki's today, whatever the phone's zone, and arithmetic on days that
// no clock change can shift (noon UTC is the same date everywhere Neuvo runs). How a date is
// written and said comes from the server (Babel, as the SMS): slots and bookings carry labels.

export const ZONE = "Europe/Helsinki";

/**
 * The date of `date` in `zone` (Helsinki unless said) as YYYY-MM-DD.
 * @param {Date} [date]
 * @param {string} [zone]
 * @returns {string}
 */
export function helsinkiDay(date = new Date(), zone = ZONE) {
  const parts = new Intl.DateTimeFormat("en", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(date);
  /** @param {string} type */
  const part = (type) => parts.find((p) => p.type === type)?.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * The day `n` days after `day` (before it, for a negative `n`).
 * @param {string} day
 * @param {number} n
 * @returns {string}
 */
export const addDays = (day, n) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 864e5).toISOString().slice(0, 10);

/**
 * The Monday of the week holding `day`.
 * @param {string} day
 * @returns {string}
 */
export const monday = (day) => addDays(day, -((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));

/**
 * The instant of local midnight starting `day` in `zone`, with its offset: 2025-03-30T00:00:00+02:00.
 * @param {string} day
 * @param {string} zone
 * @returns {string}
 */
export function localMidnight(day, zone) {
  const guess = new Date(`${day}T00:00:00Z`);
  for (let i = 0; i < 2; i += 1) {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(guess).find((part) => part.type === "timeZoneName")?.value ?? "GMT"; // "GMT+02:00"
    const offset = name === "GMT" ? "+00:00" : name.slice(3);
    const at = new Date(`${day}T00:00:00${offset}`);
    if (at.getTime() === guess.getTime()) return `${day}T00:00:00${offset}`;
    guess.setTime(at.getTime());
  }
  return guess.toISOString();
}
