/**
 * Credential redaction for connection strings, so that no report, log line or error message the
 * harness prints carries a password (DESIGN.md section 7: "redact credentials everywhere").
 *
 * The rule is: never leak, and over-redact rather than guess. Connection strings in the wild are
 * often not valid WHATWG URLs (multi-host `mongodb://a:1,b:2/`, raw `@` or `/` in a password), so
 * they are taken apart by hand instead of with `new URL`.
 *
 * @public
 */

const MASK = '***';

/** Query parameters whose values are secrets (libpq, node-postgres and MongoDB URI options). */
const SECRET_PARAM =
  /^(user|username|password|pass|pwd|sslpassword|secret|[a-z_]*token|api[_-]?key|authmechanismproperties)$/i;

/** A URL with any scheme (`postgres://`, `mongodb+srv://`, `https://` ...) inside free text. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** libpq keyword/value connection strings (`host=db password=s3cret`) inside free text. */
const KEYWORD_SECRET_IN_TEXT = /\b(password|sslpassword)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s'"&]+)/gi;

/**
 * Replaces the user and the password of a connection string with `***`, and the values of
 * secret query parameters (`password=`, `user=`, `sslpassword=`, `authMechanismProperties=` ...);
 * keeps scheme, hosts, ports, database and other parameters.
 *
 * `postgres://app:p%40ss@db:5432/main?sslmode=require` becomes
 * `postgres://***:***@db:5432/main?sslmode=require`. A raw `@` or `/` inside a password is
 * handled; a raw `?`, `#` or whitespace inside a password cannot be told apart from the rest of
 * the URL, and in ambiguous cases more than the credentials are masked (for example
 * `http://localhost:3000/@vite/client` becomes `http://***:***@vite/client`).
 *
 * @param url - any string; strings without `scheme://` are returned unchanged.
 * @returns the redacted string. Never throws.
 */
export function redactUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return url;
  const head = url.slice(0, schemeEnd + 3);
  const rest = url.slice(schemeEnd + 3);

  const userInfoEnd = findUserInfoEnd(rest);
  let afterUserInfo = rest;
  let maskedUserInfo = '';
  if (userInfoEnd >= 0) {
    maskedUserInfo = rest.slice(0, userInfoEnd).includes(':') ? `${MASK}:${MASK}@` : `${MASK}@`;
    afterUserInfo = rest.slice(userInfoEnd + 1);
  }
  return head + maskedUserInfo + redactQuery(afterUserInfo);
}

/**
 * Redacts every connection string (any `scheme://...` token) and every libpq
 * `password=...` keyword found in free text such as error messages and reports.
 *
 * @param text - any text.
 * @returns the text with credentials replaced by `***`. Never throws.
 */
export function redactText(text: string): string {
  return text
    .replace(URL_IN_TEXT, (url) => redactUrl(url))
    .replace(KEYWORD_SECRET_IN_TEXT, (_match, key: string) => `${key}=${MASK}`);
}

/**
 * Index of the `@` that ends the user info in `rest` (the URL after `scheme://`), or -1.
 *
 * Hosts never hold `@`, so any `@` before the first `/` proves there is user info. A raw `/` or
 * `@` in a password can push the real end further, so the end is the last `@` before the query
 * (`?`, `#`), which may also swallow an `@` in the path: over-redaction, never a leak. When no `@`
 * precedes the first `/`, that later `@` counts only if the text before the first `/` looks like
 * `user:pa...` (has a `:`), so that `https://host/@scope/pkg` is left alone.
 */
function findUserInfoEnd(rest: string): number {
  const slash = rest.indexOf('/');
  const beforeSlash = slash < 0 ? rest : rest.slice(0, slash);
  const query = rest.search(/[?#]/);
  const beforeQuery = query < 0 ? rest : rest.slice(0, query);
  const lastAt = beforeQuery.lastIndexOf('@');
  if (beforeSlash.includes('@')) return Math.max(lastAt, beforeSlash.lastIndexOf('@'));
  return beforeSlash.includes(':') ? lastAt : -1;
}

/** Masks the values of secret parameters in the query part of `hostAndPath`. */
function redactQuery(hostAndPath: string): string {
  const q = hostAndPath.indexOf('?');
  if (q < 0) return hostAndPath;
  const [query, fragment] = splitOnce(hostAndPath.slice(q + 1), '#');
  const params = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = pair.slice(0, eq);
      return SECRET_PARAM.test(safeDecode(key)) ? `${key}=${MASK}` : pair;
    })
    .join('&');
  return `${hostAndPath.slice(0, q + 1)}${params}${fragment === undefined ? '' : `#${fragment}`}`;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
