/**
 * `cutover new-domain` end to end, on a copy of the project (node_modules symlinked): scaffold
 * `gift-card`, generate its migrations the way docs/adding-a-domain.md says, show that the
 * scaffold type-checks and FAILS `cutover check` with the scaffold's marker, write the marked
 * spots, and show that the check then passes on every implementation.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { domainFiles, domainNames, pluralWord } from '../harness/scaffold/index.ts';
import { registerInContracts } from '../harness/scaffold/register.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Left out of the copy: dependencies (symlinked), git metadata, run artefacts, the FerretDB binary
// (the servers come from global-setup through PG_URL / MONGO_URL).
const SKIP = new Set(['node_modules', '.git', 'reports', '.cutover', '.scratch', path.join('tools', 'ferretdb', 'bin')]);

let dir = '';

/** Runs a command in the copy; resolves with its exit code and output whatever the code. */
async function run(file: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const cutover = (args: readonly string[], env: Record<string, string> = {}) => run(process.execPath, [path.join(dir, 'bin', 'cutover.js'), ...args], env);
const servers = () => ({ PG_URL: inject('pgUrl'), MONGO_URL: inject('mongoUrl') });
const typecheck = () => run(path.join(dir, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', dir]);

/** The code each required spot of `gift-card` is filled with: a one-line rule, its example and its stored-record check. */
const FILLED: Record<string, Record<string, string>> = {
  'contracts/gift-card.ts': { rules: "if (/[\\n\\r]/.test(out.name)) throw new ValidationError('name', 'must be one line');" },
  'contracts/gift-card.model.ts': { create: "// Gift cards have no create rule beyond the validator's." },
  'repos/mongo/gift-card.ts': { create: "// Gift cards have no create rule beyond the validator's." },
  'repos/drizzle/gift-card.ts': { create: "// Gift cards have no create rule beyond the validator's." },
  'repos/legacy/gift-card.ts': { 'record-rules': "() => {\n  if (/[\\n\\r]/.test(g.name)) throw new ValidationError('name', 'must be one line');\n}," },
  'contracts/gift-card.examples.ts': {
    'rule-examples': `{
  name: 'rejects a blank name, a line break and a NUL before either store is written',
  async run({ repos, probe }) {
    await rejectsWith(repo(repos).create({ name: '  ' }), ValidationError, { field: 'name' });
    await rejectsWith(repo(repos).create({ name: 'a\\nb' }), ValidationError, { field: 'name' });
    await rejectsWith(repo(repos).create({ name: 'a\\u0000b' }), UnsafeInputError, { field: 'name' });
    for (const n of await probe.count(GIFT_CARD_STORES)) assert.equal(n, 0);
  },
},`,
  },
};

/** `text` with the region `// SCAFFOLD-BEGIN <spot>` … `// SCAFFOLD-END` replaced by `code`, indented like the region. */
function fill(text: string, spot: string, code: string): string {
  const region = new RegExp(`^([ \\t]*)// SCAFFOLD-BEGIN ${spot}\\n[\\s\\S]*?^[ \\t]*// SCAFFOLD-END\\n`, 'm');
  const m = region.exec(text);
  if (!m) throw new Error(`no SCAFFOLD-BEGIN ${spot} region`);
  const body = code
    .split('\n')
    .map((l) => `${m[1]}${l}\n`)
    .join('');
  return text.slice(0, m.index) + body + text.slice(m.index + m[0].length);
}

interface JsonReport {
  results: { check: string; implementation: string; status: string; failure?: { message: string } }[];
}

describe('cutover new-domain', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cutover-scaffold-'));
    await cp(ROOT, dir, { recursive: true, filter: (src) => !SKIP.has(path.relative(ROOT, src)) });
    await symlink(await realpath(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('derives file, table and collection names, and refuses names that are not kebab case', async () => {
    expect(domainNames('gift-card')).toEqual({ kebab: 'gift-card', camel: 'giftCard', pascal: 'GiftCard', upper: 'GIFT_CARD', table: 'gift_cards', collection: 'giftCards' });
    expect([pluralWord('category'), pluralWord('box'), pluralWord('day'), pluralWord('match')]).toEqual(['categories', 'boxes', 'days', 'matches']);
    expect(domainNames('person', 'people').table).toBe('people');
    const bad = await cutover(['new-domain', 'Gift_Card']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/new-domain <name> "Gift_Card": must be lower-case kebab case/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect((await cutover(['new-domain', 'schema'])).stderr).toMatch(/"schema": is reserved/);
    const taken = await cutover(['new-domain', 'address']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/refusing to overwrite existing files: schema\/addresses\.ts, contracts\/address\.ts/);
  });

  it('keeps a multi-line domains array multi-line when it registers', () => {
    const text = "import { a } from './a.ts';\n\n/** All. */\nexport const domains: readonly DomainDefinition[] = [\n  user,\n  address,\n] as DomainDefinition[];\n";
    const out = registerInContracts(text, domainNames('gift-card'));
    expect(out).toMatch(/\[\n {2}user,\n {2}address,\n {2}giftCard,\n\] as DomainDefinition/);
    expect(out.indexOf('export const giftCard = defineDomain')).toBeLessThan(out.indexOf('/** All. */'));
  });

  it('lists what it would write with --dry-run, and writes nothing', async () => {
    const r = await cutover(['new-domain', 'gift-card', '--dry-run']);
    expect(r.code).toBe(0);
    for (const f of domainFiles(domainNames('gift-card'))) expect(r.stdout).toContain(`would create ${f.path}`);
    expect(r.stdout).toMatch(/would change contracts\/index\.ts\nwould change schema\/index\.ts\nwould change repos\/legacy\/index\.ts/);
    expect(await readdir(path.join(dir, 'contracts'))).not.toContain('gift-card.ts');
  });

  it('scaffolds gift-card, registers it, and refuses to scaffold it twice', async () => {
    const r = await cutover(['new-domain', 'gift-card']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created repos/drizzle/gift-card.ts');
    expect(r.stdout).toContain('contracts/gift-card.ts: rules');
    expect(r.stdout).toContain('npx cutover new-domain gift-card --migrations');
    // Appended last to the registry and to the stored entities, whatever came before.
    expect(await readFile(path.join(dir, 'contracts', 'index.ts'), 'utf8')).toMatch(/\[user, address, [\w, ]*giftCard\] as DomainDefinition/);
    expect(await readFile(path.join(dir, 'repos', 'legacy', 'index.ts'), 'utf8')).toMatch(/\s+giftCardEntity,?\s*\];/);
    const again = await cutover(['new-domain', 'gift-card']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/refusing to overwrite existing files: schema\/gift_cards\.ts/);
  });

  it('generates the table migration and the id_map trigger migration, which pass the migration gate', async () => {
    const r = await cutover(['new-domain', 'gift-card', '--migrations']);
    expect(r.code).toBe(0);
    const custom = /wrote the gift_cards_id_map trigger into (\S+)/.exec(r.stdout)?.[1];
    expect(custom).toMatch(/^schema\/migrations\/\d{4}_gift_cards_rules\.sql$/);
    expect(await readFile(path.join(dir, custom!), 'utf8')).toMatch(/CREATE TRIGGER gift_cards_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON gift_cards/);
    const gate = await cutover(['migrate', '--check'], { PG_URL: inject('pgUrl') });
    expect(gate.stdout).toMatch(/PASS\s+catalog/);
    expect(gate.code).toBe(0);
  });

  it('type-checks as scaffolded, and fails cutover check with the scaffold marker on every implementation', async () => {
    const json = path.join(dir, 'reports', 'open.json');
    const [tsc, r] = await Promise.all([typecheck(), cutover(['check', '--domain', 'gift-card', '--runs', '5', '--json', json], servers())]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ScaffoldNotImplemented: contracts\/gift-card\.ts: SCAFFOLD spot "rules" is not written yet/);
    const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
    for (const impl of ['mongo', 'drizzle', 'dual']) {
      const row = report.results.find((x) => x.check === 'model-based' && x.implementation === impl);
      expect(row?.status, `model-based / ${impl}`).toBe('failed');
      expect(row?.failure?.message).toMatch(/ScaffoldNotImplemented/);
    }
    for (const impl of ['model', 'mongo', 'drizzle', 'dual']) {
      const row = report.results.find((x) => x.check === 'examples' && x.implementation === impl);
      expect(row?.status, `examples / ${impl}`).toBe('failed');
      expect(row?.failure?.message).toMatch(/contracts\/gift-card\.examples\.ts: SCAFFOLD spot "rule-examples"/);
    }
  });

  it('passes cutover check once the marked spots are written, and still type-checks', async () => {
    for (const [file, spots] of Object.entries(FILLED)) {
      let text = await readFile(path.join(dir, file), 'utf8');
      for (const [spot, code] of Object.entries(spots)) text = fill(text, spot, code);
      await writeFile(path.join(dir, file), text);
    }
    for (const f of domainFiles(domainNames('gift-card'))) expect(await readFile(path.join(dir, f.path), 'utf8')).not.toMatch(/SCAFFOLD-BEGIN|ScaffoldNotImplemented[.(]/);
    const json = path.join(dir, 'reports', 'filled.json');
    const [tsc, r] = await Promise.all([typecheck(), cutover(['check', '--domain', 'gift-card', '--runs', '5', '--json', json], servers())]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
    expect(r.stdout).toMatch(/passed, 0 failed/);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
    for (const impl of ['mongo', 'drizzle', 'dual']) {
      expect(report.results.find((x) => x.check === 'model-based' && x.implementation === impl)?.status, `model-based / ${impl}`).toBe('passed');
    }
    expect(report.results.every((x) => x.status === 'passed')).toBe(true);
  });
});
