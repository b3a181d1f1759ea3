// The console's words (frontend/static/console/i18n.js, names.js): t() with its fall-backs,
// a problem's words, the console language, and names of services, places and languages.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatter, missing, pickLanguage, problemText, translator } from "../../frontend/static/console/i18n.js";
import { languageName, placeName, serviceName } from "../../frontend/static/console/names.js";

test("t() takes the tab's own words, then the shared ones, and fills {names}", () => {
  const t = translator("sv", { sv: { hello: "Hej {name}" }, en: { hello: "Hello {name}", only: "English only" } });
  assert.equal(t("hello", { name: "Aino" }), "Hej Aino");
  assert.equal(t("save"), "Spara"); // shared
  assert.equal(t("hello"), "Hej {name}"); // an unfilled name stays visible
});

test("a word missing in the language falls back to English and is recorded", () => {
  missing.clear();
  const t = translator("fi", { en: { only: "English only" } });
  assert.equal(t("only"), "English only");
  assert.equal(t("nowhere"), "nowhere");
  assert.deepEqual([...missing].sort(), ["fi:nowhere", "fi:only"]);
});

test("a problem is worded by its type, else by the server's detail", () => {
  const t = translator("fi");
  const problem = (type, detail) => ({ message: detail, problem: { type, detail } });
  assert.equal(problemText(t, problem("/problems/offer-taken", "taken")), "Joku muu ehti ensin.");
  assert.equal(problemText(t, problem("/problems/booking-not-found", "gone")), "Ei löytynyt."); // every *-not-found
  assert.equal(problemText(t, problem("/problems/invalid-value", "bad step")), "Arvo ei kelpaa: bad step");
  assert.equal(problemText(t, problem("/problems/unheard-of", "Server words.")), "Server words.");
  assert.equal(problemText(t, { message: "Failed to fetch", problem: null }), "Failed to fetch");
});

test("the console language is the account's, else the browser's, else Finnish", () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  try {
    Object.defineProperty(globalThis, "navigator", { value: { languages: ["de-DE", "sv-FI"] }, configurable: true });
    assert.equal(pickLanguage("en"), "en");
    assert.equal(pickLanguage("so"), "sv"); // no Somali console: the browser's Swedish
    assert.equal(pickLanguage(null), "sv");
    Object.defineProperty(globalThis, "navigator", { value: { languages: ["de"] }, configurable: true });
    assert.equal(pickLanguage(undefined), "fi");
  } finally {
    if (saved) Object.defineProperty(globalThis, "navigator", saved);
    else delete globalThis.navigator;
  }
});

test("fmt.clock writes a wall-clock time as the console writes times", () => {
  assert.equal(formatter("fi", "Europe/Helsinki").clock("09:00"), "9.00");
  assert.equal(formatter("fi", "Europe/Helsinki").clock("17:30:00"), "17.30");
  assert.equal(formatter("en", "Europe/Helsinki").isoDay("2026-12-31T22:00:00Z"), "2027-01-01");
});

test("a service is named in the console language, else Finnish, else Swedish", () => {
  assert.equal(serviceName({ names: { fi: "Ohjaus", sv: "Vägledning", en: "Guidance" } }, "en"), "Guidance");
  assert.equal(serviceName({ names: { fi: "Ohjaus", sv: "Vägledning" } }, "en"), "Ohjaus");
  assert.equal(serviceName({ names: { sv: "Vägledning" } }, "en"), "Vägledning");
});

test("a municipality has its Swedish name in Swedish where it has one", () => {
  const jakobstad = { name_fi: "Pietarsaari", name_sv: "Jakobstad" };
  assert.equal(placeName(jakobstad, "sv"), "Jakobstad");
  assert.equal(placeName(jakobstad, "fi"), "Pietarsaari");
  assert.equal(placeName({ name_fi: "Oulu", name_sv: "" }, "sv"), "Oulu");
});

test("a language is named by CLDR, and an unknown code is itself", () => {
  assert.equal(languageName("so", "en"), "Somali");
  assert.equal(languageName("fi", "fi"), "suomi");
  assert.equal(languageName("not a code", "en"), "not a code");
});
