// The browser kit's rules, held for every module under frontend/static: each is type-checked
// (// @ts-check, read by editors; make test runs tsc over all of them), only http.js reaches
// the network and only dom.js finds or makes elements, so a second fetch wrapper or el() has
// nowhere to grow.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const STATIC = fileURLToPath(new URL("../../frontend/static/", import.meta.url));

/** @returns {string[]} every .js file under `dir` */
const modules = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory() ? modules(join(dir, entry.name)) : entry.name.endsWith(".js") ? [join(dir, entry.name)] : []);

const sources = modules(STATIC).map((path) => ({ name: relative(STATIC, path), text: readFileSync(path, "utf8") }));

test("there are modules to check", () => {
  assert.ok(sources.length > 40, `${sources.length} modules`);
});

test("every module starts with // @ts-check", () => {
  const unchecked = sources.filter(({ text }) => !text.startsWith("// @ts-check\n")).map(({ name }) => name);
  assert.deepEqual(unchecked, []);
});

test("only http.js calls fetch", () => {
  const calling = sources.filter(({ name, text }) => name !== "http.js" && /\bfetch\(/.test(text)).map(({ name }) => name);
  assert.deepEqual(calling, []);
});

test("only dom.js finds elements by id or makes them", () => {
  const making = sources.filter(({ name, text }) => name !== "dom.js" && /document\.(getElementById|createElement)\(/.test(text))
    .map(({ name }) => name);
  assert.deepEqual(making, []);
});
