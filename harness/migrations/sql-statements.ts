/**
 * Splits a migration file into SQL statements with the line each starts on, so that lint rules
 * and apply errors can point at `file:line`. Enough of Postgres's lexical rules to never split
 * inside a string, a quoted identifier, a comment or a dollar-quoted function body.
 */

/** One statement of a migration file. */
export interface SqlStatement {
  /** 1-based line of the statement's first token in the file. */
  readonly line: number;
  /** Offset (UTF-16 code units) of the first token in the file. */
  readonly offset: number;
  /** The statement as written, comments included, without the trailing `;`. */
  readonly text: string;
  /**
   * The statement with comments removed and runs of whitespace outside literals collapsed to
   * one space; string literals, quoted identifiers and dollar-quoted bodies are kept verbatim.
   * Rules match on this.
   */
  readonly code: string;
}

/** drizzle-kit's separator between statements it sends to the server one at a time. */
export const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

/**
 * The statements of `sql` in order. A statement ends at a top-level `;`, at a
 * `--> statement-breakpoint` comment (drizzle-orm's migrator sends each chunk separately, so a
 * chunk's last statement needs no `;`), or at the end of the text. Empty statements are dropped.
 * Never throws: an unterminated literal or comment simply runs to the end of the text.
 */
export function splitSqlStatements(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = -1; // offset of the current statement's first token
  let code = '';
  let pendingSpace = false;

  const emit = (end: number) => {
    if (start >= 0) {
      const text = sql.slice(start, end).trimEnd();
      out.push({ line: lineAt(sql, start), offset: start, text, code: code.trim() });
    }
    start = -1;
    code = '';
    pendingSpace = false;
  };
  const keep = (from: number, to: number) => {
    if (start < 0) start = from;
    if (pendingSpace && code !== '') code += ' ';
    pendingSpace = false;
    code += sql.slice(from, to);
  };

  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const eol = indexOrEnd(sql, '\n', i);
      if (sql.startsWith(STATEMENT_BREAKPOINT, i)) emit(i);
      else pendingSpace = true;
      i = eol;
    } else if (ch === '/' && next === '*') {
      i = endOfBlockComment(sql, i);
      pendingSpace = true;
    } else if (ch === ';') {
      emit(i);
      i++;
    } else if (/\s/.test(ch)) {
      pendingSpace = true;
      i++;
    } else if (ch === "'") {
      const backslashEscapes = i > 0 && /[eE]/.test(sql[i - 1] as string) && !/[\w$]/.test(sql[i - 2] ?? ' ');
      const end = endOfQuoted(sql, i, "'", backslashEscapes);
      keep(i, end);
      i = end;
    } else if (ch === '"') {
      const end = endOfQuoted(sql, i, '"', false);
      keep(i, end);
      i = end;
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag && !/[\w]/.test(sql[i - 1] ?? ' ')) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? sql.length : close + tag[0].length;
        keep(i, end);
        i = end;
      } else {
        keep(i, i + 1);
        i++;
      }
    } else {
      keep(i, i + 1);
      i++;
    }
  }
  emit(sql.length);
  return out;
}

/** 1-based line number of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function indexOrEnd(s: string, needle: string, from: number): number {
  const at = s.indexOf(needle, from);
  return at < 0 ? s.length : at;
}

/** Postgres block comments nest. */
function endOfBlockComment(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    if (s.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (s.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return s.length;
}

/** End (exclusive) of a quoted token starting at `from`; a doubled quote is an escaped quote. */
function endOfQuoted(s: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < s.length) {
    const ch = s[i];
    if (backslashEscapes && ch === '\\') i += 2;
    else if (ch === quote && s[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i++;
  }
  return s.length;
}
