/**
 * The names one domain name fans out to: file names, identifiers, the Postgres table and the Mongo
 * collection. `gift-card` gives `GiftCard`, `giftCard`, `gift_cards`, `giftCards`, `GIFT_CARD`.
 */

/** A domain name the scaffold refuses; `argument` is what the user typed it as (`<name>`, `--plural`). */
export class DomainNameError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = 'DomainNameError';
  }
}

/** Every name derived from a domain name. */
export interface DomainNames {
  /** The domain name itself (kebab case): registry name, file names, model table, error entity. */
  readonly kebab: string;
  /** `giftCard`: the registry constant and the prefix of exported functions. */
  readonly camel: string;
  /** `GiftCard`: the entity type and the prefix of exported types. */
  readonly pascal: string;
  /** `GIFT_CARD`: the prefix of exported constants. */
  readonly upper: string;
  /** `gift_cards`: the Postgres table and the schema file (`schema/gift_cards.ts`). */
  readonly table: string;
  /** `giftCards`: the Drizzle table constant and the Mongo collection (as a Mongoose model would name it). */
  readonly collection: string;
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;
const KEBAB_RULE = 'must be lower-case kebab case: letters and digits, words joined by single hyphens, starting with a letter (for example gift-card)';

// Names the registry or the language already claim: `schema` is the migration gate's row in
// reports; the others would make `export const <camel>` in contracts/index.ts invalid.
const RESERVED = new Set([
  'schema', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval',
]);

const words = (kebab: string) => kebab.split('-');
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);

/** English plural of one lower-case word, by the regular rules (`card` → `cards`, `category` → `categories`). */
export function pluralWord(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/**
 * Validates `name` (and `plural`, the kebab-case plural when the regular rule is wrong, e.g.
 * `person` → `people`) and derives every name. Throws {@link DomainNameError} naming the argument.
 */
export function domainNames(name: string, plural?: string): DomainNames {
  if (!KEBAB.test(name)) throw new DomainNameError(`<name> "${name}"`, KEBAB_RULE);
  if (name.length > 40) throw new DomainNameError(`<name> "${name}"`, 'must be at most 40 characters (it becomes table, collection and identifier names)');
  const ws = words(name);
  const camel = ws[0]! + ws.slice(1).map(cap).join('');
  if (RESERVED.has(name) || RESERVED.has(camel)) throw new DomainNameError(`<name> "${name}"`, `is reserved (${name === 'schema' ? 'the migration gate reports as domain schema' : 'a JavaScript keyword'}); choose another name`);
  let pluralWords: string[];
  if (plural !== undefined) {
    if (!KEBAB.test(plural)) throw new DomainNameError(`--plural "${plural}"`, KEBAB_RULE);
    pluralWords = words(plural);
  } else pluralWords = [...ws.slice(0, -1), pluralWord(ws[ws.length - 1]!)];
  const table = pluralWords.join('_');
  if (table.length > 40) throw new DomainNameError(`<name> "${name}"`, `gives the table name ${table}, longer than 40 characters`);
  return {
    kebab: name,
    camel,
    pascal: ws.map(cap).join(''),
    upper: ws.map((w) => w.toUpperCase()).join('_'),
    table,
    collection: pluralWords[0]! + pluralWords.slice(1).map(cap).join(''),
  };
}
