// @ts-check
// The Recordings tab's coverage view: per language, how close it is to "a non-reader can book"
// (every prompt, clip and name of the booking path heard from a file) and to "everything
// heard", what to record next, and where its sound comes from (recorded, generated, missing).
// The API: GET /api/v1/speech/readiness and /api/v1/speech/coverage.
import { languageName } from "./names.js";

/** @type {import("./tabs.js").Strings} */
export const strings = {
  fi: {
    can_book: "Lukutaidoton voi varata", everything: "Kaikki kuuluu", next_up: "Äänitä seuraavaksi",
    can_book_yes: "Kyllä: lukutaidoton voi varata", heard_of: "{heard} / {total}", all_heard: "Kyllä: kaikki kuuluu",
    invite_for: "Kutsu äänittäjä", invite_for_label: "Kutsu äänittäjä: {language}",
  },
  sv: {
    can_book: "Den som inte läser kan boka", everything: "Allt hörs", next_up: "Spela in härnäst",
    can_book_yes: "Ja: den som inte läser kan boka", heard_of: "{heard} / {total}", all_heard: "Ja: allt hörs",
    invite_for: "Bjud in någon att spela in", invite_for_label: "Bjud in någon att spela in: {language}",
  },
  en: {
    can_book: "A non-reader can book", everything: "Everything heard", next_up: "Record next",
    can_book_yes: "Yes: a non-reader can book", heard_of: "{heard} / {total}", all_heard: "Yes: everything heard",
    invite_for: "Invite someone to record", invite_for_label: "Invite someone to record: {language}",
  },
};

/**
 * @typedef {{ heard: number, total: number, complete: boolean, next: string[] }} Progress
 * @typedef {{ lang: string, booking: Progress, everything: Progress }} Readiness
 * @typedef {Record<string, { recorded: number, generated: number, none: number }>} Counts
 */

/**
 * @param {import("./tabs.js").Context} ctx
 * @param {{ languages: Record<string, Counts>, machine_translated?: string[] }} coverage
 * @param {Readiness[]} readiness
 * @param {((lang: string) => void) | null} invite opens the invitation form for a language
 *   (admins); a language a non-reader cannot yet book gets the button in its row
 */
export function coverageTable(ctx, coverage, readiness, invite = null) {
  const { el, t, lang: shown } = ctx;
  const machine = new Set(coverage.machine_translated ?? []); // texts nobody has reviewed yet
  /** @param {Progress} p @param {string} yes */
  const figure = (p, yes) => (p.complete ? el("strong", {}, `✓ ${t(yes)}`) : t("heard_of", { heard: p.heard, total: p.total }));
  const headings = [t("language"), t("can_book"), t("everything"), `${t("prompts")}: ${t("recorded")}`, t("generated"),
    `${t("clips")}: ${t("recorded")}`, t("generated"), t("next_up")];
  const rows = readiness.map((r) => {
    const c = coverage.languages[r.lang];
    const next = r.booking.complete ? r.everything.next : r.booking.next;
    return el("tr", { "data-lang": r.lang, "data-can-book": String(r.booking.complete), "data-testid": `readiness-${r.lang}` },
      el("th", { scope: "row" }, `${languageName(r.lang, shown)} (${r.lang})`,
        machine.has(r.lang) ? el("small", { class: "machine", "data-testid": "speech-machine" }, ` (${t("machine")})`) : ""),
      el("td", { "data-testid": "can-book" }, figure(r.booking, "can_book_yes")),
      el("td", {}, figure(r.everything, "all_heard")),
      ...(c ? [c.prompt.recorded, c.prompt.generated, c.clip.recorded, c.clip.generated] : [0, 0, 0, 0])
        .map((n) => el("td", {}, String(n))),
      el("td", {}, ...next.slice(0, 3).flatMap((key, i) => [i ? ", " : "", el("code", { translate: "no" }, key)]),
        invite && !r.booking.complete ? el("button", {
          type: "button", class: "invite-for", "data-testid": `invite-for-${r.lang}`,
          "aria-label": t("invite_for_label", { language: languageName(r.lang, shown) }),
          onclick: () => invite(r.lang),
        }, t("invite_for")) : ""));
  });
  return el("div", { class: "scroll" }, el("table", { class: "coverage", "data-testid": "speech-coverage" },
    el("caption", {}, t("coverage")),
    el("thead", {}, el("tr", {}, ...headings.map((label) => el("th", { scope: "col" }, label)))),
    el("tbody", {}, ...rows)));
}
