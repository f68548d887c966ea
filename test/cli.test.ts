/**
 * The `cutover` command as a user runs it: exit codes, one-line errors for bad input (no stack
 * trace), redaction of credentials, and the report files.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCutover } from './support.ts';
import { domains } from '../contracts/index.ts';


const cutover = runCutover;

const servers = () => ({ PG_URL: inject('pgUrl'), MONGO_URL: inject('mongoUrl') });

describe('cutover CLI', () => {
  it('rejects an unknown domain with exit 2 and names the known ones', async () => {
    const r = await cutover(['check', '--domain', 'nope'], servers());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--domain nope: unknown domain (known: schema, ${domains.map((d) => d.name).join(', ')})`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects --runs 0 and a malformed --path before starting any server', async () => {
    const runs = await cutover(['check', '--runs', '0']);
    expect(runs.code).toBe(2);
    expect(runs.stderr).toMatch(/--runs must be a whole number >= 1/);
    const p = await cutover(['check', '--seed', '1', '--path', 'x;rm']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--path must look like/);
  });

  it('refuses --path without --seed, and a path that does not name one property', async () => {
    const r = await cutover(['check', '--path', '1:2'], servers());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--path needs --seed/);
    const loose = await cutover(['check', '--domain', 'address', '--seed', '1', '--path', '1:2'], servers());
    expect(loose.code).toBe(2);
    expect(loose.stderr).toMatch(/--path replays one property: select it with exactly one --domain, --check and --impl/);
  });

  it('reports an unreachable PG_URL in one message with the password redacted', async () => {
    const r = await cutover(['check', '--domain', 'user'], { PG_URL: 'postgres://app:s3cret-pw@127.0.0.1:1/app', MONGO_URL: inject('mongoUrl') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No PostgreSQL server available \[NO_SERVER\]/);
    expect(r.stderr + r.stdout).not.toMatch(/s3cret-pw/);
  });

  it('runs a domain, exits 0, and writes JUnit, JSON and Markdown reports', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cutover-cli-'));
    const files = { junit: path.join(dir, 'r.xml'), json: path.join(dir, 'r.json'), markdown: path.join(dir, 'r.md') };
    const r = await cutover(['check', '--domain', 'user', '--runs', '5', '--junit', files.junit, '--json', files.json, '--markdown', files.markdown], servers());
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/passed, 0 failed/);
    const xml = await readFile(files.junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="user" tests="\d+" failures="0"/);
    const json = JSON.parse(await readFile(files.json, 'utf8')) as { results: { status: string }[]; environment: { postgres: string } };
    expect(json.results.length).toBeGreaterThan(0);
    expect(json.results.every((x) => x.status === 'passed')).toBe(true);
    expect(await readFile(files.markdown, 'utf8')).toMatch(/\| user \| model-based \|/);
  });

  it('runs the migration gate on the repository: every step passes, exit 0', async () => {
    const r = await cutover(['migrate', '--check'], { PG_URL: inject('pgUrl') });
    expect(r.code).toBe(0);
    for (const step of ['journal', 'fresh-apply', 'upgrade-path', 'catalog', 'drift']) expect(r.stdout).toMatch(new RegExp(`PASS\\s+${step}`));
    // Lint may warn about the repository's own migrations (0018 indexes the existing payments
    // table without CONCURRENTLY); a warning never fails the gate.
    expect(r.stdout).toMatch(/(PASS|WARN)\s+lint/);
    expect(r.stdout).not.toMatch(/FAIL\s/);
  });

  it('refuses --schema without --check', async () => {
    const r = await cutover(['migrate', '--schema', 'schema/index.ts'], { PG_URL: inject('pgUrl') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--schema goes with --check/);
  });
});
