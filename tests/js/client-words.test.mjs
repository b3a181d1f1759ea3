// The client pages' words and sounds without a browser (frontend/static/ui.js, speech.js,
// client/keypad.js): prompts and their fall-backs, names, direction, the first language
// guessed, playables joined, and the digits a typed number is read back by.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";

// speech.js listens for the first tap when it loads: a window that hears nothing will do.
globalThis.addEventListener ??= () => {};
globalThis.window ??= globalThis;
const { directionOf, guessLanguage, loadPrompts, nameIn, prompt } = await import("../../frontend/static/ui.js");
const { join } = await import("../../frontend/static/speech.js");
const { digitsOf } = await import("../../frontend/static/client/keypad.js");

const PROMPTS = new URL("../../frontend/static/prompts/", import.meta.url);
const realFetch = globalThis.fetch;

before(async () => {
  // The prompt files as the server serves them, read from the repository.
  globalThis.fetch = async (url) => {
    const name = String(url).replace("/static/prompts/", "");
    try {
      return new Response(readFileSync(new URL(name, PROMPTS)), { status: 200 });
    } catch {
      return new Response("{}", { status: 404 });
    }
  };
  await Promise.all(["fi", "en", "so"].map(loadPrompts));
});
after(() => {
  globalThis.fetch = realFetch;
});

const english = JSON.parse(readFileSync(new URL("en.json", PROMPTS), "utf8"));
const finnish = JSON.parse(readFileSync(new URL("fi.json", PROMPTS), "utf8"));
const somali = JSON.parse(readFileSync(new URL("so.json", PROMPTS), "utf8"));

test("a prompt is in the language asked, reviewed or not, with its recording's id", () => {
  assert.deepEqual(prompt("fi", "book"), { id: "book", audio: "book", lang: "fi", text: finnish.text.book, reviewed: true });
  const so = prompt("so", "book");
  assert.equal(so.text, somali.text.book);
  assert.equal(so.reviewed, somali.reviewed);
});

test("a language without prompts is answered in English", () => {
  const found = prompt("xx", "book");
  assert.equal(found.lang, "en");
  assert.equal(found.text, english.text.book);
});

test("filled {names} have no recording: the words are said, not a file", () => {
  const id = Object.keys(finnish.text).find((key) => /\{n\}/.test(finnish.text[key]));
  assert.ok(id, "a Finnish prompt with {n}");
  const found = prompt("fi", id, { n: 45 });
  assert.equal(found.audio, null);
  assert.ok(found.text.includes("45"));
  assert.ok(!found.text.includes("{n}"));
});

test("a name is taken in the language, else English, else Finnish or Swedish", () => {
  assert.deepEqual(nameIn({ fi: "Ohjaus", en: "Guidance", so: "Hagid" }, "so"), { lang: "so", text: "Hagid" });
  assert.deepEqual(nameIn({ fi: "Ohjaus", en: "Guidance" }, "so"), { lang: "en", text: "Guidance" });
  assert.deepEqual(nameIn({ sv: "Vägledning" }, "so"), { lang: "sv", text: "Vägledning" });
});

test("right-to-left languages are the ones core/languages.py says", () => {
  for (const code of ["ar", "prs", "ckb", "fa"]) assert.equal(directionOf(code), "rtl");
  for (const code of ["fi", "so", "ti", "uk"]) assert.equal(directionOf(code), "ltr");
});

test("the first language is the last choice, else the browser's (fa-AF is Dari), else Finnish", () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  const store = new Map();
  globalThis.localStorage = { getItem: (key) => store.get(key) ?? null };
  const browser = (languages) =>
    Object.defineProperty(globalThis, "navigator", { value: { languages }, configurable: true });
  try {
    browser(["fa-AF", "en"]);
    assert.equal(guessLanguage(), "prs");
    browser(["de-DE", "ti-ER"]);
    assert.equal(guessLanguage(), "ti");
    browser(["de"]);
    assert.equal(guessLanguage(), "fi");
    store.set("neuvo.language", JSON.stringify({ code: "so" }));
    assert.equal(guessLanguage(), "so");
    store.set("neuvo.language", "{garbled");
    assert.equal(guessLanguage(), "fi");
  } finally {
    delete globalThis.localStorage;
    if (saved) Object.defineProperty(globalThis, "navigator", saved);
    else delete globalThis.navigator;
  }
});

test("joined playables are one sequence when every part has files in one language", () => {
  const a = { lang: "so", text: "Ballan", sequence: ["/a.mp3"] };
  const b = { lang: "so", text: "Arbaco", sequence: ["/b.mp3", "/c.mp3"] };
  assert.deepEqual(join(a, null, b), { lang: "so", text: "Ballan. Arbaco", sequence: ["/a.mp3", "/b.mp3", "/c.mp3"] });
});

test("a part without files keeps the parts apart, each in its own language", () => {
  const a = { lang: "so", text: "Ballan", sequence: ["/a.mp3"] };
  const name = { lang: "fi", text: "Oulu", sequence: [] };
  const joined = join(a, name);
  assert.deepEqual(joined.sequence, []);
  assert.deepEqual(joined.parts, [a, name]);
  assert.equal(joined.text, "Ballan. Oulu");
});

test("a typed number is read back by its digits and a leading +", () => {
  assert.equal(digitsOf("040 123-45 67"), "0401234567");
  assert.equal(digitsOf("+358 (40) 123 4567"), "+358401234567");
  assert.equal(digitsOf(""), "");
});
