/**
 * The wording of the live-database errors an operator met (issue 14), each as the CLI prints it:
 * a refused login says so, URLs are judged before any connection and name their variable, pg's
 * sslmode warning does not bury the real error, `check` refuses a bad store flag as `env` does,
 * and `check --help` lists every check and implementation.
 */
import { describe, expect, inject, it } from 'vitest';
import { runCutover } from './support.ts';

/** `url` with its password replaced. */
const withPassword = (url: string, password: string) => url.replace(/^(postgres(?:ql)?:\/\/[^:@/]+:)[^@]*@/, `$1${password}@`);

describe('CLI wording on live databases', () => {
  it('a wrong password: the server refused the credentials (not "did not answer"), the password never shown', async () => {
    const bad = withPassword(inject('pgUrl'), 'Wr0ngPw');
    expect(bad).toContain('Wr0ngPw');
    for (const args of [['migrate'], ['backfill', '--mongo-db', 'app'], ['env']]) {
      const r = await runCutover(args, { PG_URL: bad, MONGO_URL: inject('mongoUrl') });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/PG_URL.*the server refused the credentials \(password authentication failed\)/);
      expect(r.stderr).not.toMatch(/did not answer|Wr0ngPw/);
    }
  });

  it('no "Invalid URL": an unencoded password, an empty host, a bad Mongo port, http:// each get their own line', async () => {
    const cases: [Record<string, string>, readonly string[], RegExp][] = [
      [{ PG_URL: 'postgres://app:Qz@Kv@127.0.0.1:5432/app' }, ['migrate'], /^error: PG_URL: the password \(or user\) holds a character that is not percent-encoded/m],
      [{ PG_URL: 'postgres://app:pw@:5432/app' }, ['migrate'], /^error: PG_URL: the host is empty/m],
      [{ PG_URL: inject('pgUrl'), MONGO_URL: 'mongodb://127.0.0.1:99999' }, ['env'], /^error: MONGO_URL: port 99999 is not a TCP port/m],
      [{ PG_URL: 'http://app:pw@127.0.0.1:5432/app' }, ['check', '--domain', 'user'], /^error: PG_URL: http:\/\/ is not a Postgres URL/m],
    ];
    for (const [env, args, expected] of cases) {
      const r = await runCutover(args, { MONGO_URL: inject('mongoUrl'), MONGO_DB: 'app', ...env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(/Invalid URL|Qz|Kv|host {2}is|not allowed/);
    }
  });

  it("pg's sslmode warning is not printed before the real error", async () => {
    const r = await runCutover(['migrate'], { PG_URL: `${withPassword(inject('pgUrl'), 'Wr0ngPw').replace(/\?.*$/, '')}?sslmode=require` });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/SECURITY WARNING|SSL modes|libpq/i);
    expect(r.stderr).toMatch(/PG_URL.*(refused the credentials|SSL)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('check refuses REPO_CHAT=bogus as env does, before any server starts', async () => {
    const check = await runCutover(['check', '--domain', 'chat', '--runs', '1'], { REPO_CHAT: 'bogus', PG_URL: 'postgres://u@127.0.0.1:1/x' });
    const env = await runCutover(['env'], { REPO_CHAT: 'bogus' });
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/REPO_CHAT="bogus" is not a store mode/);
    expect(check.stderr).toBe(env.stderr);
  });

  it('check --help lists convergence and dual-pg', async () => {
    const r = await runCutover(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/--check <name> .*shadow-reads, convergence/);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/--impl <name> .*dual, dual-pg, postgres, all/);
  });
});
