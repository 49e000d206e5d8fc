// The staff member's sign-in, and every call to the API.
//
// Where the tokens live: in this module's variables only, never in localStorage, sessionStorage or
// a cookie. They are bearer tokens to health data: kept in memory they leave with the tab, no
// storage survives for a later script or another tab to read, and with the strict Content Security
// Policy no foreign script runs beside them. The price: a reload asks the nurse to sign in again.

const listeners = new Set();
let tokens = null; // {accessToken, refreshToken}
let claims = null;
let renewTimer = null;
let renewing = null; // the renewal under way, if any
let page = 0; // the page showing: answers to what an earlier page asked are not delivered

/** A problem+json answer (RFC 9457), or what stood in for one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The server answered ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The field errors, by JSON pointer (`#/thresholds/maxPressureEvents`). */
  fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

export function signedIn() {
  return tokens !== null;
}

/** The access token's claims (role, clinics, subject): read for display, verified by the server. */
export function who() {
  return claims;
}

export function onSignOut(listener) {
  listeners.add(listener);
}

export async function signIn(email, password) {
  keep(await post("/api/v1/auth/login", { email, password }));
}

export async function signOut() {
  const refreshToken = tokens && tokens.refreshToken;
  try {
    if (refreshToken) {
      await ask("/api/v1/auth/logout", { method: "POST", body: { refreshToken } });
    }
  } finally {
    forget();
  }
}

/**
 * Another page is shown. Answers still on their way to the pages before it are dropped (their
 * promises never settle), so a page whose data comes late cannot draw over the one opened after it.
 */
export function pageChanged() {
  page += 1;
}

/**
 * Calls the API with the access token; renews it once when the server says it expired. `body` is
 * sent as JSON, or as it is when `contentType` names another type (an import's lines). The answer
 * reaches only the page that asked (see `pageChanged`).
 */
export function api(path, options = {}) {
  const askedBy = page;
  const left = () => new Promise(() => {});
  return ask(path, options).then(
    (answer) => (askedBy === page ? answer : left()),
    (error) => (askedBy === page ? Promise.reject(error) : left()),
  );
}

async function ask(path, { method = "GET", body, contentType = "application/json" } = {}) {
  const sent = tokens && tokens.accessToken;
  let response = await call(path, method, body, contentType);
  if (response.status === 401 && tokens) {
    if (tokens.accessToken === sent) {
      await renew(); // unless another call renewed it meanwhile
    }
    response = await call(path, method, body, contentType);
  }
  if (response.status === 401) {
    forget();
  }
  return read(response);
}

function call(path, method, body, contentType = "application/json") {
  const headers = { Accept: "application/json, application/problem+json" };
  if (tokens) {
    headers.Authorization = `Bearer ${tokens.accessToken}`;
  }
  if (body !== undefined) {
    headers["Content-Type"] = contentType;
  }
  return fetch(path, {
    method,
    headers,
    body: body === undefined || contentType !== "application/json" ? body : JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
  });
}

async function post(path, body) {
  return read(await call(path, "POST", body));
}

async function read(response) {
  const text = await response.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { detail: text };
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

function keep(pair) {
  tokens = { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
  claims = decode(pair.accessToken);
  clearTimeout(renewTimer);
  // A minute before it expires.
  const inMs = Math.max(10, (pair.expiresIn || 60) - 60) * 1000;
  renewTimer = setTimeout(() => renew().catch(() => forget()), inMs);
}

/**
 * One renewal at a time, shared by every caller: a refresh token works once, and presenting it
 * twice ends the whole sign-in (the server takes it for a stolen token).
 */
function renew() {
  if (!tokens) {
    return Promise.resolve();
  }
  if (!renewing) {
    renewing = post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken })
      .then(keep, (e) => {
        forget();
        throw e;
      })
      .finally(() => (renewing = null));
  }
  return renewing;
}

function forget() {
  const wasSignedIn = tokens !== null;
  tokens = null;
  claims = null;
  clearTimeout(renewTimer);
  if (wasSignedIn) {
    listeners.forEach((l) => l());
  }
}

function decode(jwt) {
  const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}
