/**
 * The one place that decides whether a database URL may be contacted. Every command that reads
 * `PG_URL` or `MONGO_URL` (check, migrate, migrate --check, env, backfill, verify, reconcile,
 * report with a live database) calls {@link assertUrlAllowed} before any socket opens, and the
 * providers call it again, so a library caller cannot skip it either.
 *
 * A URL is parsed by hand (not with `new URL`) so that each problem gets its own message naming
 * the variable: a wrong scheme (`http://` as PG_URL), an empty host, a port outside 1..65535, and
 * an `@`, `:` or `/` in a password that is not percent-encoded. Without that last rule, the text
 * after a raw `@` in a password was taken for the host and printed ("host ss:w is not allowed"),
 * leaking part of the password and suggesting to allow-list it. No message here echoes any part
 * of the user info.
 *
 * Allowed hosts: loopback (`localhost`, `127.0.0.0/8`, `::1`) by default, plus `--allow-host`
 * values and the comma-separated `CUTOVER_ALLOW_HOSTS`. `CUTOVER_ALLOW_ONLY` (comma-separated)
 * replaces the loopback default (tests narrow it to `127.0.0.1` to prove that `127.0.0.2` is never
 * contacted; an operator can use it to pin the one address a run may touch).
 *
 * @public
 */
import { UsageError } from './usage-error.ts';

/** Which kind of server a URL must point at. */
export type UrlKind = 'postgres' | 'mongo';

/** One host of a connection URL, lower-cased, IPv6 without brackets. */
export interface UrlHost {
  readonly host: string;
  /** TCP port, `undefined` when the URL names none (the driver's default applies). */
  readonly port: number | undefined;
}

/** A connection URL taken apart; the user info is never kept. */
export interface ParsedUrl {
  /** `postgres`, `postgresql`, `mongodb` or `mongodb+srv`. */
  readonly scheme: string;
  /** Every host the driver may contact (the authority's hosts, and libpq's `host=` parameter). */
  readonly hosts: readonly UrlHost[];
  /** Whether the URL carried a user or password. */
  readonly hasCredentials: boolean;
}

const SCHEMES: Record<UrlKind, readonly string[]> = { postgres: ['postgres', 'postgresql'], mongo: ['mongodb', 'mongodb+srv'] };
const EXAMPLES: Record<UrlKind, string> = { postgres: 'postgres://user:password@127.0.0.1:5432/app', mongo: 'mongodb://user:password@127.0.0.1:27017' };
const ENCODE_HINT = 'percent-encode it in the URL (@ as %40, : as %3A, / as %2F, # as %23, ? as %3F)';

/**
 * Parses `url`, the value of environment variable `variable`, as a URL of `kind`.
 *
 * @throws UsageError naming `variable` and the rule broken: not `scheme://...`, a scheme other
 *   than postgres(ql):// or mongodb(+srv)://, user info with a raw `@`, `:`, `/`, `?` or `#`, a
 *   bad percent escape, an empty host, a port that is not a whole number in 1..65535. The message
 *   never contains the password or the user.
 */
export function parseConnectionUrl(variable: string, url: string, kind: UrlKind): ParsedUrl {
  const example = EXAMPLES[kind];
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) throw new UsageError(`${variable}: not a URL (expected ${example})`);
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  if (!SCHEMES[kind].includes(scheme)) {
    const safeScheme = /^[a-z][a-z0-9+.-]*$/.test(scheme) ? `${scheme}://` : 'its scheme';
    throw new UsageError(`${variable}: ${safeScheme} is not a ${kind === 'postgres' ? 'Postgres' : 'MongoDB'} URL (use ${SCHEMES[kind].map((s) => `${s}://`).join(' or ')}, for example ${example})`);
  }
  const rest = url.slice(schemeEnd + 3);
  const authorityEnd = indexOfAny(rest, '/?#');
  const authority = rest.slice(0, authorityEnd);
  const after = rest.slice(authorityEnd);
  const ats = [...authority].filter((c) => c === '@').length;
  // A raw `/`, `?` or `#` in a password ends the authority early, leaving its `@` further on.
  if (ats > 1 || after.includes('@')) throw new UsageError(`${variable}: the password (or user) holds a character that is not percent-encoded: ${ENCODE_HINT}`);
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at);
  const hostPart = authority.slice(at + 1);
  if (userInfo.split(':').length > 2) throw new UsageError(`${variable}: the password holds a ':' that is not percent-encoded: ${ENCODE_HINT}`);
  if (/%(?![0-9a-f]{2})/i.test(userInfo)) throw new UsageError(`${variable}: the user info has a '%' that does not start a percent escape (%XX): ${ENCODE_HINT}`);
  const hosts = hostPart.split(',').map((h) => parseHost(variable, h, example));
  for (const h of queryHosts(after)) hosts.push({ host: h, port: undefined });
  return { scheme, hosts, hasCredentials: at >= 0 };
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`. */
function parseHost(variable: string, text: string, example: string): UrlHost {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new UsageError(`${variable}: an IPv6 host must be closed with ']' (for example [::1]:5432)`);
    host = text.slice(1, close);
    const tail = text.slice(close + 1);
    if (tail !== '' && !tail.startsWith(':')) throw new UsageError(`${variable}: unexpected text after the IPv6 host [${host}]`);
    portText = tail === '' ? undefined : tail.slice(1);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  if (host === '') throw new UsageError(`${variable}: the host is empty (expected ${example})`);
  if (!/^[a-z0-9._%:-]+$/i.test(host)) throw new UsageError(`${variable}: the host holds characters a host name cannot have (letters, digits, '.', '-' only)`);
  let port: number | undefined;
  if (portText !== undefined) {
    const n = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || n < 1 || n > 65535) {
      const shown = /^\d{1,10}$/.test(portText) ? `port ${portText}` : 'the port';
      throw new UsageError(`${variable}: ${shown} is not a TCP port (a whole number in 1..65535)`);
    }
    port = n;
  }
  return { host: host.toLowerCase(), port };
}

/** libpq's `host=`/`hostaddr=` query parameters override the authority: they must be checked too. Unix socket paths are local. */
function queryHosts(after: string): string[] {
  const q = after.indexOf('?');
  if (q < 0) return [];
  const query = after.slice(q + 1).split('#')[0]!;
  const out: string[] = [];
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const key = pair.slice(0, eq).toLowerCase();
    if (key !== 'host' && key !== 'hostaddr') continue;
    let value = pair.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // An undecodable value is checked as written: it will not match an allowed host.
    }
    for (const h of value.split(',')) if (h !== '' && !h.startsWith('/')) out.push(h.toLowerCase());
  }
  return out;
}

function indexOfAny(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return s.length;
}

const split = (v: string | undefined) => (v ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')).filter(Boolean);

/** Whether `host` is a loopback name or address (`localhost`, 127.0.0.0/8, `::1`). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The allow-list in force: `CUTOVER_ALLOW_ONLY` when set, else loopback; plus `extra`
 * (`--allow-host`) and `CUTOVER_ALLOW_HOSTS`. Returned as written (lower-case, IPv6 without
 * brackets); the entry `loopback` stands for every loopback host.
 */
export function allowedHosts(env: NodeJS.ProcessEnv = process.env, extra: readonly string[] = []): string[] {
  const only = env.CUTOVER_ALLOW_ONLY?.trim();
  return [...(only ? split(only) : ['loopback']), ...split(extra.join(',')), ...split(env.CUTOVER_ALLOW_HOSTS)];
}

/** Whether `host` is in `allowed` (as returned by {@link allowedHosts}). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.includes(host) || (allowed.includes('loopback') && isLoopback(host));
}

/**
 * Parses `url` (see {@link parseConnectionUrl}) and throws unless every host it names is allowed.
 * Call it before opening any connection to `url`.
 *
 * @throws UsageError for a malformed URL, or `<variable>: host H is not allowed (allow it with
 *   --allow-host H or CUTOVER_ALLOW_HOSTS)`; credentials never appear.
 */
export function assertUrlAllowed(variable: string, url: string, kind: UrlKind, env: NodeJS.ProcessEnv = process.env, extra: readonly string[] = []): ParsedUrl {
  const parsed = parseConnectionUrl(variable, url, kind);
  const allowed = allowedHosts(env, extra);
  for (const { host } of parsed.hosts) {
    if (!hostAllowed(host, allowed)) {
      const shown = host.includes(':') ? `[${host}]` : host;
      throw new UsageError(`${variable}: host ${shown} is not allowed (allow it with --allow-host ${host} or CUTOVER_ALLOW_HOSTS; allowed now: ${allowed.join(', ')})`);
    }
  }
  return parsed;
}

/**
 * Checks `PG_URL` and `MONGO_URL` of `env` (each only when set) before a command starts any
 * server, so that a refused `MONGO_URL` is found before an embedded Postgres was started.
 *
 * @throws UsageError as {@link assertUrlAllowed}.
 */
export function assertEnvUrlsAllowed(env: NodeJS.ProcessEnv = process.env, extra: readonly string[] = []): void {
  const pgUrl = env.PG_URL?.trim();
  const mongoUrl = env.MONGO_URL?.trim();
  if (pgUrl) assertUrlAllowed('PG_URL', pgUrl, 'postgres', env, extra);
  if (mongoUrl) assertUrlAllowed('MONGO_URL', mongoUrl, 'mongo', env, extra);
}
