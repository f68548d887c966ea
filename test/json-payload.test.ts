/**
 * The shared JSON payload validator (`contracts/json-payload.ts`) against the shared fixtures
 * (`fixtures/json.ts`): every generated payload is accepted and copied unchanged, every
 * must-refuse payload is refused with an error naming the field (and the path inside it).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../contracts/errors.ts';
import { MAX_JSON_DEPTH, validateJsonPayload } from '../contracts/json-payload.ts';
import { jsonPayload, jsonValue, unsafeJsonPayload } from '../fixtures/json.ts';

const refusal = (value: unknown): ValidationError => {
  try {
    validateJsonPayload('data', value);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error(`accepted ${String(value)}`);
};

describe('validateJsonPayload', () => {
  it('accepts every generated payload and returns an equal deep copy', () => {
    fc.assert(
      fc.property(jsonPayload(3), (v) => {
        const out = validateJsonPayload('data', v);
        expect(out).toStrictEqual(v);
        if (typeof v === 'object' && v !== null) expect(out).not.toBe(v);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(jsonValue(1), (v) => {
        expect(validateJsonPayload('data', v, { allowNull: true })).toStrictEqual(v);
      }),
    );
  });

  it('keeps the JSON string "10.5" a string', () => {
    expect(validateJsonPayload('data', '10.5')).toBe('10.5');
    expect(validateJsonPayload('data', { amount: '10.5', list: [null, 10.5] })).toEqual({ amount: '10.5', list: [null, 10.5] });
  });

  it('refuses every must-refuse fixture, naming the field', () => {
    const all = fc.sample(unsafeJsonPayload(), 400);
    for (const v of all) expect(refusal(v).field).toBe('data');
  });

  it('names the path inside the payload and refuses NUL and lone surrogates as a ValidationError of the field', () => {
    expect(refusal({ list: [1, { n: Number.NaN }] }).rule).toBe('numbers must be finite (at $.list[1].n)');
    expect(refusal({ 'two words': [-0] }).rule).toMatch(/negative zero .*\(at \$\["two words"\]\[0\]\)$/);
    const nul = refusal({ a: ['x\u0000'] });
    expect(nul).toBeInstanceOf(ValidationError);
    expect(nul.rule).toMatch(/NUL.*\(at \$\.a\[0\]\)$/);
    expect(refusal(['\uD800'])).toBeInstanceOf(ValidationError);
    expect(refusal({ a: [[1]] }).rule).toMatch(/array.*\(at \$\.a\[0\]\)$/);
    expect(refusal({ $set: 1 }).rule).toMatch(/keys/);
    expect(refusal(null).rule).toMatch(/other than null/);
  });

  it('refuses cycles and nesting deeper than MAX_JSON_DEPTH; a shared (acyclic) value is fine', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(refusal(cyclic).rule).toBe('must not contain a cycle (at $.self.back)');
    const shared = { x: 1 };
    expect(validateJsonPayload('data', { a: shared, b: [shared] })).toEqual({ a: { x: 1 }, b: [{ x: 1 }] });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = { a: deep };
    expect(() => validateJsonPayload('data', deep)).not.toThrow();
    expect(refusal({ a: deep }).rule).toMatch(/nested at most 16 levels/);
  });
});
