// Municipality names on the client pages (frontend/static/places.js): which name is shown and
// heard, in which language's voice, and which places a listener is offered first.
import assert from "node:assert/strict";
import { test } from "node:test";

globalThis.addEventListener ??= () => {};
globalThis.window ??= globalThis;
const { nameLanguage, placeName, shortList } = await import("../../frontend/static/places.js");

const oulu = { code: "564", name_fi: "Oulu", name_sv: "Uleåborg", language: "fi", home: true, reach: 5 };
const jakobstad = { code: "598", name_fi: "Pietarsaari", name_sv: "Jakobstad", language: "sv", home: true, reach: 1 };
const ii = { code: "139", name_fi: "Ii", name_sv: "Ii", language: "fi", home: false, reach: 5 };
const helsinki = { code: "091", name_fi: "Helsinki", name_sv: "Helsingfors", language: "fi", home: false, reach: 0 };

test("a place is said in Finnish on any page, in Swedish where its people speak Swedish", () => {
  for (const code of ["ar", "so", "en", "uk"]) {
    assert.equal(nameLanguage(oulu, code), "fi");
    assert.equal(nameLanguage(jakobstad, code), "sv");
  }
  // A Finnish or Swedish page says every place in its own language.
  assert.equal(nameLanguage(jakobstad, "fi"), "fi");
  assert.equal(nameLanguage(oulu, "sv"), "sv");
});

test("the name heard is shown first, marked with its language; the other name after it", () => {
  assert.deepEqual(placeName(oulu, "ar"), { lang: "fi", text: "Oulu", other: { lang: "sv", text: "Uleåborg" } });
  assert.deepEqual(placeName(jakobstad, "ar"), { lang: "sv", text: "Jakobstad", other: { lang: "fi", text: "Pietarsaari" } });
  assert.deepEqual(placeName(oulu, "sv"), { lang: "sv", text: "Uleåborg", other: { lang: "fi", text: "Oulu" } });
  assert.equal(placeName(ii, "so").other, null); // one name in both languages
});

test("the short list: the likely places only, in the server's order, at most six", () => {
  const many = Array.from({ length: 10 }, (_, n) => ({ ...ii, code: String(100 + n) }));
  assert.deepEqual(shortList([oulu, jakobstad, ii, helsinki]).map((p) => p.code), ["564", "598", "139"]);
  assert.equal(shortList([oulu, ...many, helsinki]).length, 6);
  assert.deepEqual(shortList([helsinki]), []); // nothing reaches anywhere: the search instead
});

test("a place chosen before comes first, even one no service reaches", () => {
  assert.deepEqual(shortList([oulu, jakobstad, helsinki], helsinki).map((p) => p.code), ["091", "564", "598"]);
  assert.deepEqual(shortList([oulu, jakobstad], jakobstad).map((p) => p.code), ["598", "564"]);
});
