// The console's way to the API: same-origin cookie session, JSON both ways, and RFC 9457
// problem details turned into ApiError.

let csrfToken = null;

/** Keep the CSRF token from log-in or /auth/me; the server wants it on every cookie write. */
export function setCsrfToken(token) {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(response, problem) {
    super(problem?.detail || problem?.title || `${response.status} ${response.statusText}`);
    this.status = response.status;
    this.problem = problem ?? null;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    this.retryAfter = response.headers.get("Retry-After");
  }
}

/** Send one request; resolve with the JSON body (null for 204), reject with ApiError. */
export async function api(method, path, body, extraHeaders = {}) {
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
