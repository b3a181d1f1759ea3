// @ts-check
// The one way client pages and the console build the page: find by id, make an element.

/**
 * The element with id `id` (null when the page has none). Typed as the element it is where
 * the caller says so: `$("phone", HTMLInputElement)` checks it too, and throws when it is not.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {{ new (): T, prototype: T }} [kind]
 * @returns {T}
 */
export function $(id, kind) {
  const node = document.getElementById(id);
  if (kind && node && !(node instanceof kind)) throw new TypeError(`#${id} is no ${kind.name}`);
  return /** @type {T} */ (node);
}

/** @typedef {string | number | boolean | null | undefined | ((event: Event) => void)} Attribute */
/** @typedef {Node | string | null | undefined | false} Child */

/**
 * el("button", {type: "button"}, "text", child…): attributes set as given (`true` as an empty
 * one; null, undefined and false left out; `onclick`-style functions become listeners);
 * children may be nested arrays, and null, undefined or false ones are left out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, Attribute>} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      continue;
    }
    node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat().filter(/** @returns {child is Node | string} */ (child) => child !== null && child !== undefined && child !== false));
  return node;
}
