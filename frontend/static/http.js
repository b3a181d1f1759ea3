// @ts-check
// The one way to the API, in two clients. The staff client (console, and the room's staff
// actions): the same-origin cookie session, the CSRF token on every write, RFC 9457 problem
// details turned into ApiError. The anonymous client (client pages): no cookies (a staff cookie
// in this browser must not count), no referrer, at most 15 s, `{ok, status, data}` back.

/**
 * An RFC 9457 problem document, as api/errors.py writes it.
 * @typedef {{ type?: string, title?: string, status?: number, detail?: string,
 *   errors?: { field: string, reason?: string }[], [more: string]: any }} Problem
 */

/** @type {string | null} */
let csrfToken = null;

/**
 * Keep the CSRF token from log-in or /auth/me; the server wants it on every cookie write.
 * @param {string | null} token
 */
export function setCsrfToken(token) {
  csrfToken = token;
}

export class ApiError extends Error {
  /**
   * @param {Response} response
   * @param {Problem | null} problem
   */
  constructor(response, problem) {
    super(problem?.detail || problem?.title || `${response.status} ${response.statusText}`);
    this.status = response.status;
    this.problem = problem ?? null;
    /** @type {{ field: string, reason?: string }[]} */
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    this.retryAfter = response.headers.get("Retry-After");
  }
}

/**
 * Staff: send one JSON request; resolve with the JSON body (null for 204), reject with ApiError.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {Record<string, string>} [extraHeaders]
 * @returns {Promise<any>}
 */
export async function api(method, path, body, extraHeaders = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json", ...extraHeaders };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A proxy's HTML error page is no problem document: fall back to the status line.
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response, data);
  return data;
}

/**
 * Staff: a write the JSON helper cannot make (a file upload, a PDF back), with the CSRF token
 * asked of /auth/me afresh (a page without the console's log-in has none of its own). Resolves
 * with the Response; rejects with ApiError.
 * @param {string} method
 * @param {string} path
 * @param {BodyInit | null} [body]
 * @param {Record<string, string>} [headers]
 * @returns {Promise<Response>}
 */
export async function sendRaw(method, path, body, headers = {}) {
  const me = await fetch("/api/v1/auth/me", { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  const token = me?.csrf_token ?? csrfToken;
  const response = await fetch(path, {
    method,
    body,
    credentials: "same-origin",
    headers: { ...headers, ...(token ? { "X-CSRF-Token": token } : {}) },
  });
  if (!response.ok) throw new ApiError(response, await response.json().catch(() => null));
  return response;
}

/**
 * @typedef {{ ok: boolean, status: number, data: any }} Answer
 * `data` is the JSON body, or null where there is none (a proxy's HTML error page).
 */

/**
 * Anonymous: JSON both ways, at most 15 s; throws only when the network fails (or the time is up).
 * @param {string} url
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [options]
 * @returns {Promise<Answer>}
 */
export async function request(url, { method = "GET", body, headers = {} } = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 15000);
  try {
    const response = await fetch(url, {
      method,
      signal: abort.signal,
      credentials: "omit",
      referrerPolicy: "no-referrer",
      headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, data };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Anonymous: the JSON at `url`; rejects with an Error carrying `status` when it is not there.
 * @param {string} url
 * @returns {Promise<any>}
 */
export async function getJSON(url) {
  const { ok, status, data } = await request(url);
  if (!ok) throw Object.assign(new Error(`${url} answered ${status}`), { status });
  return data;
}

/**
 * Anonymous: a file as the request body (a recording through a capability link), at most 60 s;
 * throws only when the network fails (or the time is up).
 * @param {string} url
 * @param {Blob} file
 * @returns {Promise<Answer>}
 */
export async function upload(url, file) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 60000);
  try {
    const response = await fetch(url, {
      method: "POST",
      signal: abort.signal,
      credentials: "omit",
      referrerPolicy: "no-referrer",
      headers: { Accept: "application/json", "Content-Type": file.type || "application/octet-stream" },
      body: file,
    });
    const data = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, data };
  } finally {
    clearTimeout(timer);
  }
}
