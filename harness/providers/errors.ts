import { redactText } from '../redact.ts';
import type { ProviderAttempt } from './types.ts';

/**
 * No provider could give the harness a server. The message lists every provider in order with its
 * outcome and reason (credentials redacted), so a user sees at once what to install or set.
 *
 * Thrown by `startPostgres` and `startMongo` when every provider was skipped or failed, and also
 * when the user pointed at a server (`PG_URL`, `MONGO_URL`) that does not answer: a server the
 * user chose is never silently replaced by another one.
 *
 * @public
 */
export class NoServerError extends Error {
  /** Stable code to search for in logs and docs. */
  readonly code = 'NO_SERVER';
  override readonly name = 'NoServerError';
  /** What was wanted: a PostgreSQL server or a MongoDB-wire server. */
  readonly server: 'postgres' | 'mongo';
  /** Every provider considered, in order, with outcome and (redacted) reason. */
  readonly attempts: readonly ProviderAttempt[];

  /**
   * @param server - what was wanted.
   * @param attempts - every provider considered, in order; reasons are redacted here.
   */
  constructor(server: 'postgres' | 'mongo', attempts: readonly ProviderAttempt[]) {
    const safe = attempts.map((a) => ({ ...a, reason: redactText(a.reason) }));
    const label = server === 'postgres' ? 'PostgreSQL' : 'MongoDB-wire';
    const lines = safe.map((a) => `  - ${a.provider}: ${a.outcome} — ${a.reason}`);
    super(`No ${label} server available [NO_SERVER]. Providers tried:\n${lines.join('\n')}`);
    this.server = server;
    this.attempts = safe;
  }
}

/**
 * The message of any thrown value, redacted, on one line: for `ProviderAttempt.reason`.
 * An `AggregateError` (node-postgres raises one when every address of `localhost` refuses) has an
 * empty message, so its inner errors are described instead.
 */
export function describeFailure(error: unknown): string {
  return redactText(messageOf(error)).replace(/\s*\n\s*/g, ' | ');
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(messageOf))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}

/**
 * A provider that cannot be tried on this machine (its package, binary or tool is not installed).
 * Provider chains record it as `skipped`, not `failed`, and go on to the next provider.
 *
 * @public
 */
export class ProviderUnavailableError extends Error {
  /** Stable code to search for in logs and docs. */
  readonly code = 'PROVIDER_UNAVAILABLE';
  override readonly name = 'ProviderUnavailableError';
}

/**
 * Why a connection to a user's server failed, in words an operator acts on: `the server refused
 * the credentials` (SQLSTATE 28P01/28000, Mongo code 18), `nothing listens there (connection
 * refused)`, `no such database`, `no answer within N s`; otherwise the driver's message. Redacted,
 * one line. The user name the driver quotes in a refused login is dropped (credentials are
 * redacted everywhere).
 */
export function explainConnectFailure(error: unknown): string {
  const e = error as { code?: unknown; codeName?: unknown; message?: unknown; errors?: unknown };
  const code = typeof e?.code === 'string' || typeof e?.code === 'number' ? String(e.code) : '';
  const message = describeFailure(error);
  if (code === '28P01' || code === '28000' || code === '18' || e?.codeName === 'AuthenticationFailed' || /authentication failed/i.test(message)) {
    return `the server refused the credentials (${message.replace(/ for user "[^"]*"/g, '').replace(/\s*\|.*$/, '')})`;
  }
  if (code === '3D000') return `the server answered but has no such database (${message.replace(/"[^"]*"/g, 'named in the URL')})`;
  if (/ECONNREFUSED/.test(message) || code === 'ECONNREFUSED') return 'nothing listens there (connection refused)';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'the host name does not resolve';
  if (/timeout|timed out|Server selection/i.test(message)) return `no answer in time (${message})`;
  return message;
}
