/**
 * Values for the rows the upgrade-path step seeds: a seeded PRNG, one generator per column kind
 * (read from a drizzle-kit snapshot's column `type`), and pools of candidate values that a CHECK
 * search tries (literals found in the constraint's text, strings drawn from its regular
 * expressions, boundary values of the type). Every value is a SQL literal (`'abc'`, `NULL`): an
 * untyped quoted literal takes the column's type on INSERT, so the same text is what the report
 * prints as a pasteable INSERT.
 */

/** A deterministic PRNG (mulberry32): the same seed gives the same rows. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
}

/** The generator families; `other` columns get NULL or their default. */
export type ValueKind = 'uuid' | 'text' | 'int' | 'numeric' | 'float' | 'bool' | 'timestamp' | 'date' | 'time' | 'json' | 'enum' | 'array' | 'bytea' | 'interval' | 'other';

/** A column as the generator needs it, from a snapshot (`tables[x].columns[y]`). */
export interface SeedColumn {
  readonly name: string;
  /** SQL type as written in the snapshot, e.g. `varchar(24)`, `"public"."user_role"`, `text[]`. */
  readonly sqlType: string;
  readonly kind: ValueKind;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  /** Length limit of varchar(n)/char(n), when there is one. */
  readonly maxLength?: number;
  /** Values of an enum column (or of an enum array's element). */
  readonly enumValues?: readonly string[];
  /** Element kind of an array column. */
  readonly element?: ValueKind;
  /** Integer width in bits (16, 32, 64) of an int column. */
  readonly intBits?: number;
  /** Digits allowed before the point by numeric(p, s): p - s. */
  readonly intDigits?: number;
}

/** `'it''s'`: a SQL string literal. */
export const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** `"a""b"`: a SQL identifier. */
export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** The family of a snapshot column type (`enumValues` given when the type is a known enum). */
export function kindOf(type: string, isEnum: boolean): ValueKind {
  const t = type.toLowerCase().trim();
  if (t.endsWith('[]')) return 'array';
  if (isEnum) return 'enum';
  if (t === 'uuid') return 'uuid';
  if (/^(text|varchar|character varying|char|character|citext|bpchar)\b/.test(t)) return 'text';
  if (/^(smallint|integer|int|int2|int4|int8|bigint|smallserial|serial|bigserial)\b/.test(t)) return 'int';
  if (/^(numeric|decimal)\b/.test(t)) return 'numeric';
  if (/^(real|double precision|float4|float8)\b/.test(t)) return 'float';
  if (t === 'boolean' || t === 'bool') return 'bool';
  if (/^timestamp/.test(t)) return 'timestamp';
  if (t === 'date') return 'date';
  if (/^time\b/.test(t)) return 'time';
  if (t === 'json' || t === 'jsonb') return 'json';
  if (t === 'bytea') return 'bytea';
  if (/^interval/.test(t)) return 'interval';
  return 'other';
}

/** `varchar(24)` -> 24; undefined when unbounded. */
export function lengthLimit(type: string): number | undefined {
  const m = /^(?:varchar|character varying|char|character)\s*\((\d+)\)/i.exec(type.trim());
  return m ? Number(m[1]) : undefined;
}

function intBits(type: string): number {
  const t = type.toLowerCase();
  if (/smallint|int2|smallserial/.test(t)) return 16;
  if (/bigint|int8|bigserial/.test(t)) return 64;
  return 32;
}

/** Builds a {@link SeedColumn} from a snapshot column. */
export function seedColumn(name: string, type: string, typeSchema: string | undefined, notNull: boolean, hasDefault: boolean, enums: ReadonlyMap<string, readonly string[]>): SeedColumn {
  const base = type.replace(/\[\]$/, '');
  const enumValues = enums.get(base) ?? (typeSchema ? enums.get(`${typeSchema}.${base}`) : undefined);
  const sqlType = typeSchema ? `${ident(typeSchema)}.${ident(base)}${type.endsWith('[]') ? '[]' : ''}` : type;
  const kind = kindOf(type, enumValues !== undefined);
  const element = kind === 'array' ? kindOf(base, enumValues !== undefined) : undefined;
  const maxLength = lengthLimit(base);
  const precision = /^(?:numeric|decimal)\s*\((\d+)(?:\s*,\s*(\d+))?\)/i.exec(base);
  const intDigits = precision ? Number(precision[1]) - Number(precision[2] ?? 0) : undefined;
  return {
    name,
    sqlType,
    kind,
    notNull,
    hasDefault,
    ...(maxLength !== undefined && { maxLength }),
    ...(enumValues && { enumValues }),
    ...(element && { element }),
    ...(kind === 'int' && { intBits: intBits(type) }),
    ...(intDigits !== undefined && { intDigits }),
  };
}

const WORDS = ['alpha', 'bravo', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'harbor', 'iris', 'juniper'];

function uuid(r: Prng): string {
  const h = r.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[r.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function timestamp(r: Prng): string {
  const ms = Date.UTC(2024, 0, 1) + r.int(0, 700) * 86_400_000 + r.int(0, 86_399_999);
  return new Date(ms).toISOString();
}

function scalar(kind: ValueKind, col: SeedColumn, r: Prng): string | null {
  switch (kind) {
    case 'uuid':
      return uuid(r);
    case 'text': {
      const s = `${r.pick(WORDS)}-${r.hex(6)}`;
      return col.maxLength !== undefined ? s.slice(0, col.maxLength) : s;
    }
    case 'int':
      return String(r.int(1, 1000));
    case 'numeric':
      return `${r.int(1, 10 ** Math.min(3, col.intDigits ?? 3) - 1)}.${r.int(0, 99)}`;
    case 'float':
      return `${r.int(1, 999)}.5`;
    case 'bool':
      return r.next() < 0.5 ? 'true' : 'false';
    case 'timestamp':
      return timestamp(r);
    case 'date':
      return timestamp(r).slice(0, 10);
    case 'time':
      return timestamp(r).slice(11, 19);
    case 'json':
      return JSON.stringify({ seed: r.hex(4), n: r.int(0, 9) });
    case 'enum':
      return col.enumValues && col.enumValues.length > 0 ? r.pick(col.enumValues) : null;
    case 'bytea':
      return `\\x${r.hex(8)}`;
    case 'interval':
      return `${r.int(1, 90)} days`;
    default:
      return null;
  }
}

/** `{"a","b"}`: an array literal's text. */
function arrayText(items: readonly string[]): string {
  return `{${items.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A random value for `col` as a SQL literal (never NULL unless the kind has no generator). */
export function randomValue(col: SeedColumn, r: Prng): string {
  if (col.kind === 'array') {
    const el = { ...col, kind: col.element ?? 'text' } as SeedColumn;
    const items = Array.from({ length: r.int(1, 2) }, () => scalar(el.kind, el, r)).filter((x): x is string => x !== null);
    return quote(arrayText(items));
  }
  const v = scalar(col.kind, col, r);
  return v === null ? 'NULL' : quote(v);
}

/** Boundary and odd values of the column's kind (all valid input for its type). */
export function boundaryValues(col: SeedColumn): string[] {
  const bounded = (xs: string[]) => xs.filter((x) => col.maxLength === undefined || x.length <= col.maxLength).map(quote);
  switch (col.kind) {
    case 'int': {
      const max = col.intBits === 16 ? '32767' : col.intBits === 64 ? '9223372036854775807' : '2147483647';
      return ['0', '-1', '1', '2', '5', '100', '-1000', max].map(quote);
    }
    case 'numeric':
    case 'float':
      return ['0', '-1', '1', '0.5', '-0.01', '12.5', '1000000'].filter((n) => fitsDigits(col, n)).map(quote);
    case 'text':
      return bounded(['', ' ', 'x', 'X', 'abc', 'ABC', '12', '12.5', 'a b', 'user@example.com', 'Ünïcode', 'x'.repeat(300)]);
    case 'bool':
      return ["'true'", "'false'"];
    case 'timestamp':
      return ['1970-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z'].map(quote);
    case 'date':
      return ["'1970-01-01'", "'2030-01-01'"];
    case 'json':
      return ["'null'", "'{}'", "'[]'", "'1'", "'\"s\"'"];
    case 'enum':
      return (col.enumValues ?? []).map(quote);
    case 'array':
      return ["'{}'"];
    default:
      return [];
  }
}

function fitsDigits(col: SeedColumn, n: string): boolean {
  return col.intDigits === undefined || n.replace(/^-/, '').split('.')[0]!.replace(/^0+/, '').length <= col.intDigits;
}

function fitsInt(col: SeedColumn, n: string): boolean {
  if (col.kind !== 'int') return true;
  const limit = col.intBits === 16 ? 32767n : col.intBits === 64 ? 9223372036854775807n : 2147483647n;
  const v = BigInt(n);
  return v <= limit && v >= -limit - 1n;
}

/** String and number literals written in a constraint's text, and numbers one off them. */
export function literalsIn(expr: string): { strings: string[]; numbers: string[] } {
  const strings = [...expr.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] as string).replace(/''/g, "'"));
  const numbers = new Set<string>();
  const withoutStrings = expr.replace(/'(?:[^']|'')*'/g, "''");
  for (const m of withoutStrings.matchAll(/(?<![\w."])-?\d+(?:\.\d+)?(?![\w"])/g)) {
    const n = Number(m[0]);
    if (!Number.isFinite(n)) continue;
    numbers.add(m[0]);
    if (Number.isSafeInteger(n)) {
      numbers.add(String(n - 1));
      numbers.add(String(n + 1));
    }
  }
  return { strings, numbers: [...numbers] };
}

/**
 * Candidate values for `col` when a constraint (text `expr`) must hold or must break: its
 * literals, strings its `~` patterns match, strings its LIKE patterns match, then the type's
 * boundary values, then a few random ones. NULL comes first for a nullable column.
 */
export function candidatePool(col: SeedColumn, expr: string, r: Prng): string[] {
  const out: string[] = [];
  const add = (v: string) => {
    if (!out.includes(v)) out.push(v);
  };
  if (!col.notNull) add('NULL');
  const { strings, numbers } = literalsIn(expr);
  const fits = (s: string) => col.maxLength === undefined || s.length <= col.maxLength;
  if (col.kind === 'text') {
    // `~` is a regular expression; `~~` is LIKE (pg_get_expr's spelling), handled below.
    for (const m of expr.matchAll(/(?<!~)~\*?(?!~)\s*'((?:[^']|'')*)'/g)) {
      for (let i = 0; i < 3; i++) {
        const s = sampleRegex((m[1] as string).replace(/''/g, "'"), r);
        if (s !== undefined && fits(s)) add(quote(s));
      }
    }
    for (const m of expr.matchAll(/(?:LIKE|~~)\*?\s*'((?:[^']|'')*)'/gi)) {
      const like = (m[1] as string).replace(/''/g, "'");
      for (let i = 0; i < 3; i++) add(quote(like.replace(/%/g, () => r.hex(4)).replace(/_/g, () => r.pick([...'abcxyz']))));
    }
    // A pattern itself is a poor value (every row would get the same one): only plain literals.
    const patterns = new Set([...expr.matchAll(/(?:~\*?|LIKE|~~\*?)\s*'((?:[^']|'')*)'/gi)].map((m) => (m[1] as string).replace(/''/g, "'")));
    for (const s of strings) if (fits(s) && !patterns.has(s)) add(quote(s));
  }
  if (col.kind === 'enum') for (const s of strings) if (col.enumValues?.includes(s)) add(quote(s));
  if (col.kind === 'int' || col.kind === 'numeric' || col.kind === 'float') {
    for (const n of numbers) if ((col.kind !== 'int' || /^-?\d+$/.test(n)) && fitsDigits(col, n) && fitsInt(col, n)) add(quote(n));
  }
  for (const v of boundaryValues(col)) add(v);
  for (let i = 0; i < 3; i++) add(randomValue(col, r));
  // Shuffled (NULL kept first), so that rows fitted to the same CHECK do not all get one value.
  const head = out[0] === 'NULL' ? ['NULL'] : [];
  const rest = out.slice(head.length);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [rest[i], rest[j]] = [rest[j] as string, rest[i] as string];
  }
  return [...head, ...rest];
}

/**
 * A string matching the POSIX regular expression `pattern`, for the subset CHECKs use: anchors,
 * literals and escapes, bracket classes with ranges (and negation), groups with alternation,
 * and the quantifiers `? * + {n} {n,} {n,m}`. Undefined for anything else (back-references,
 * look-arounds), in which case other candidates are tried.
 */
export function sampleRegex(pattern: string, r: Prng): string | undefined {
  let i = 0;
  const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
  const fail = (): never => {
    throw new Error('unsupported');
  };
  const classChars = (): string[] => {
    i++; // [
    let negate = false;
    if (pattern[i] === '^') {
      negate = true;
      i++;
    }
    const set: string[] = [];
    let first = true;
    while (i < pattern.length && (pattern[i] !== ']' || first)) {
      first = false;
      let c = pattern[i++] as string;
      if (c === '[' && pattern[i] === ':') {
        const end = pattern.indexOf(':]', i);
        if (end < 0) fail();
        const name = pattern.slice(i + 1, end);
        i = end + 2;
        const named: Record<string, string> = { digit: '0123456789', alpha: 'abcXYZ', alnum: 'abc123', lower: 'abcxyz', upper: 'ABCXYZ', space: ' ', xdigit: '0123456789abcdef' };
        set.push(...(named[name] ?? fail()));
        continue;
      }
      if (c === '\\') c = pattern[i++] ?? fail();
      if (pattern[i] === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
        const hi = pattern[i + 1] as string;
        i += 2;
        for (let x = c.charCodeAt(0); x <= hi.charCodeAt(0) && set.length < 200; x++) set.push(String.fromCharCode(x));
      } else set.push(c);
    }
    if (pattern[i] !== ']') fail();
    i++;
    return negate ? [...PRINTABLE].filter((c) => !set.includes(c)) : set;
  };
  const atom = (): (() => string) => {
    const c = pattern[i] as string;
    if (c === '(') {
      i++;
      if (pattern.startsWith('?:', i)) i += 2;
      else if (pattern[i] === '?') fail();
      const alt = alternation();
      if (pattern[i] !== ')') fail();
      i++;
      return alt;
    }
    if (c === '[') {
      const set = classChars();
      if (set.length === 0) fail();
      return () => r.pick(set);
    }
    if (c === '.') {
      i++;
      return () => r.pick([...'abcxyz019']);
    }
    if (c === '\\') {
      const e = pattern[i + 1] ?? fail();
      i += 2;
      const classes: Record<string, string> = { d: '0123456789', w: 'abcXYZ019_', s: ' ' };
      const set = classes[e];
      if (set) return () => r.pick([...set]);
      if (/[A-Za-z0-9]/.test(e)) fail();
      return () => e;
    }
    if ('*+?{|)'.includes(c)) fail();
    i++;
    return () => c;
  };
  const quantified = (): (() => string) => {
    const a = atom();
    const q = pattern[i];
    let lo = 1;
    let hi = 1;
    if (q === '?' || q === '*' || q === '+') {
      i++;
      [lo, hi] = q === '?' ? [0, 1] : q === '*' ? [0, 2] : [1, 3];
    } else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) fail();
      i += (m as RegExpExecArray)[0].length;
      lo = Number(m![1]);
      hi = m![2] === undefined ? lo : m![3] ? Number(m![3]) : lo + 2;
    }
    if (hi > 2000) fail();
    return () => {
      const n = lo + Math.floor(r.next() * (hi - lo + 1));
      let s = '';
      for (let k = 0; k < n; k++) s += a();
      return s;
    };
  };
  const sequence = (): (() => string) => {
    const parts: (() => string)[] = [];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      if (pattern[i] === '^' || pattern[i] === '$') {
        i++;
        continue;
      }
      parts.push(quantified());
    }
    return () => parts.map((p) => p()).join('');
  };
  const alternation = (): (() => string) => {
    const alts = [sequence()];
    while (pattern[i] === '|') {
      i++;
      alts.push(sequence());
    }
    return () => r.pick(alts)();
  };
  try {
    const gen = alternation();
    if (i !== pattern.length) return undefined;
    return gen();
  } catch {
    return undefined;
  }
}
