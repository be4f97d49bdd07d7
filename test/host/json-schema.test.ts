/**
 * The host's JSON Schema check against what zod 4 emits for payload schemas: it must agree with
 * zod's own verdict (property-based), and its issues must name the failing paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exampleOf } from '../../src/host/json-schema-example.ts';
import { formatIssue, validateJsonSchema, type JsonSchema } from '../../src/host/json-schema.ts';

const Verdict = z.object({ verdict: z.enum(['approve', 'decline']), 'loading-percent': z.number().int().min(0).max(500), note: z.string() });
const Order = z.object({
  id: z.string().min(3).max(8).regex(/^[a-z]+$/),
  items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })).min(1),
  priority: z.union([z.literal('low'), z.literal('high')]).optional(),
  tags: z.record(z.string(), z.boolean()),
  discount: z.number().gt(0).lt(1).nullable(),
  pair: z.tuple([z.string(), z.number()]),
});

const jsonSchema = (s: z.ZodType): JsonSchema => (s['~standard'] as any).jsonSchema.input({ target: 'draft-2020-12' });
const messages = (s: z.ZodType, v: unknown) => validateJsonSchema(jsonSchema(s), v).map(formatIssue);

describe('validateJsonSchema', () => {
  it('accepts a valid verdict and names every problem of an invalid one with its path', () => {
    expect(messages(Verdict, { verdict: 'approve', 'loading-percent': 25, note: 'ok' })).toEqual([]);
    // zod strips unknown keys of a plain z.object, so its input schema allows them.
    expect(messages(Verdict, { approved: 'yes' })).toEqual(['payload.verdict: required', 'payload["loading-percent"]: required', 'payload.note: required']);
    expect(messages(Verdict.strict(), { verdict: 'approve', 'loading-percent': 0, note: '', approved: 'yes' })).toEqual(['payload.approved: is not allowed (unknown property)']);
    expect(messages(Verdict, { verdict: 'maybe', 'loading-percent': 2.5, note: 1 })).toEqual([
      'payload.verdict: expected one of "approve", "decline", got "maybe"',
      'payload["loading-percent"]: expected integer, got number 2.5',
      'payload.note: expected string, got number 1',
    ]);
    expect(messages(Verdict, [])).toEqual(['payload: expected object, got array []']);
  });

  it('checks nested arrays, bounds, patterns, unions, records, nullables and tuples', () => {
    const bad = { id: 'AB', items: [{ sku: 'a', qty: 0 }], priority: 'mid', tags: { x: 'no' }, discount: 1, pair: ['a', 'b'] };
    const got = messages(Order, bad);
    expect(got).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^payload\.id: must have at least 3 characters/),
        expect.stringMatching(/^payload\.id: must match/),
        expect.stringMatching(/^payload\.items\[0\]\.qty: must be > 0/),
        expect.stringMatching(/^payload\.priority: /),
        expect.stringMatching(/^payload\.tags\.x: expected boolean/),
        expect.stringMatching(/^payload\.discount: /),
        expect.stringMatching(/^payload\.pair\[1\]: expected number/),
      ]),
    );
  });

  it('follows $ref into $defs (recursive schemas)', () => {
    const Node: z.ZodType<{ name: string; children: unknown[] }> = z.object({ name: z.string(), get children() { return z.array(Node); } });
    expect(messages(Node, { name: 'a', children: [{ name: 'b', children: [] }] })).toEqual([]);
    expect(messages(Node, { name: 'a', children: [{ name: 2, children: [] }] })).toEqual(['payload.children[0].name: expected string, got number 2']);
  });

  it('agrees with zod on arbitrary JSON values', () => {
    for (const schema of [Verdict, Order]) {
      const json = jsonSchema(schema);
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.constant(exampleOf(json))), (value) => {
          expect(validateJsonSchema(json, value).length === 0).toBe(schema.safeParse(value).success);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('agrees with zod on near-valid verdicts', () => {
    const json = jsonSchema(Verdict);
    const verdict = fc.record({
      verdict: fc.oneof(fc.constantFrom('approve', 'decline'), fc.string()),
      'loading-percent': fc.oneof(fc.integer({ min: -10, max: 600 }), fc.double({ noNaN: true })),
      note: fc.oneof(fc.string(), fc.integer()),
    }, { requiredKeys: [] });
    fc.assert(fc.property(verdict, (value) => {
      expect(validateJsonSchema(json, value).length === 0).toBe(Verdict.safeParse(value).success);
    }), { numRuns: 500 });
  });
});

describe('exampleOf', () => {
  it('builds a value the schema accepts', () => {
    for (const schema of [Verdict, Order]) {
      const example = exampleOf(jsonSchema(schema));
      expect(schema.safeParse(example).success, JSON.stringify(example)).toBe(true);
    }
  });
});
