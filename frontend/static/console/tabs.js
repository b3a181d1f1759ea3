// @ts-check
// The console's tabs in order; each id is the module ./<id>.js, which exports {id, roles, strings
// (fi, sv, en), render(panel, ctx)}; shell.js loads them and draws the tab bar.
// The first one a staff member's roles allow is the one they land on.

/** @typedef {Record<string, Record<string, string>>} Strings words per console language (fi, sv, en) */
/** @typedef {(key: string, params?: Record<string, unknown>) => string} Translate */

/**
 * Who is logged in, as /api/v1/auth/me says.
 * @typedef {{ id: string, display_name: string, roles: string[], organisation_id: string,
 *   console_language?: string | null, timezone?: string | null, [more: string]: any }} Me
 */

/**
 * What the shell hands each tab's render().
 * @typedef {object} Context
 * @property {typeof import("../http.js").api} api the staff client
 * @property {Translate} t the tab's strings, then the shared ones
 * @property {Me} me
 * @property {string} lang the console language
 * @property {ReturnType<typeof import("./i18n.js").formatter>} fmt dates and times in the staff member's zone
 * @property {(text: string, isError?: boolean) => void} notify the status line
 * @property {(error: any) => void} report an error in the status line; a 401 asks for the log-in again
 * @property {typeof import("../dom.js").el} el
 * @property {(path: string) => Promise<any>} get a GET answered once per log-in
 * @property {(id: string) => Promise<void>} select show another tab
 */

/**
 * A tab: drawn into its panel the first time it is shown. `render` may resolve with a function
 * that brings the tab up to date each time it is shown again (what another tab changed meanwhile),
 * leaving open forms as they are.
 * @typedef {object} Tab
 * @property {string} id
 * @property {string[]} roles the roles that see it (none: everyone)
 * @property {Strings} strings
 * @property {(panel: HTMLElement, ctx: Context) => Promise<void | (() => Promise<void>)>} render
 */

/** @type {string[]} */
export default [
  "caller",
  "callbacks",
  "sessions",
  "offers",
  "hours",
  "profile",
  "messages",
  "campaigns",
  "recordings",
  "organisations",
  "services",
  "feedback",
  "staff",
  "agreements",
  "municipalities",
];
