import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseVariants, variantsJsonSchema, variantsSchema } from './variant-schema.js';

const shape = { n: 2, maxChars: 100 };

describe('variant schema', () => {
  it('accepts the expected object, strips "#" and duplicate hashtags, and drops extra variants', () => {
    const parsed = parseVariants(
      { variants: [{ text: ' one ', hashtags: ['#Coffee', 'Coffee', ''] }, { text: 'two' }, { text: 'three' }] },
      shape,
    );
    expect(parsed).toEqual({ ok: true, variants: [{ text: 'one', hashtags: ['Coffee'] }, { text: 'two', hashtags: [] }] });
  });

  it('accepts what small models often send instead: a bare array, bare strings, a JSON string', () => {
    expect(parseVariants(['one', 'two'], shape)).toMatchObject({ ok: true, variants: [{ text: 'one' }, { text: 'two' }] });
    expect(parseVariants('{"variants":[{"text":"one"}]}', shape)).toMatchObject({ ok: true, variants: [{ text: 'one' }] });
  });

  it('names what is wrong with a malformed answer', () => {
    expect(parseVariants({ posts: [] }, shape)).toEqual({ ok: false, problem: expect.stringContaining('variants:') });
    expect(parseVariants({ variants: [{ text: '' }] }, shape)).toEqual({ ok: false, problem: 'variants.0.text: text is empty' });
    // Over the cap but not absurd: accepted, for the length check to name it; absurd: a malformed answer.
    expect(parseVariants({ variants: [{ text: 'x'.repeat(101) }] }, shape)).toMatchObject({ ok: true });
    expect(parseVariants({ variants: [{ text: 'x'.repeat(10_001) }] }, shape)).toMatchObject({ ok: false, problem: expect.stringContaining('longer than 10000') });
    expect(parseVariants('not json', shape)).toMatchObject({ ok: false });
  });

  it('sends a JSON schema asking for exactly n variants, consistent with the zod schema', () => {
    const schema = variantsJsonSchema(shape);
    expect(schema).toMatchObject({
      required: ['variants'],
      properties: { variants: { minItems: 2, maxItems: 2, items: { properties: { text: { maxLength: 100 } } } } },
    });
    const fromZod = z.toJSONSchema(variantsSchema(shape)) as unknown as { properties: { variants: { items: { properties: object } } } };
    expect(Object.keys(fromZod.properties.variants.items.properties)).toEqual(['text', 'hashtags']);
  });

  it('sends every field a grammar needs: types, bounds, required fields and nothing else', () => {
    expect(variantsJsonSchema({ n: 3, maxChars: 430 })).toEqual({
      type: 'object',
      properties: {
        variants: {
          type: 'array',
          minItems: 3,
          maxItems: 3,
          items: {
            type: 'object',
            properties: {
              text: { type: 'string', minLength: 1, maxLength: 430 },
              hashtags: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 30 },
            },
            required: ['text', 'hashtags'],
            additionalProperties: false,
          },
        },
      },
      required: ['variants'],
      additionalProperties: false,
    });
  });

  it('accepts up to three extra variants (dropped), and says how many to return when there are none', () => {
    expect(parseVariants({ variants: ['1', '2', '3', '4', '5'] }, shape)).toMatchObject({ ok: true, variants: [{ text: '1' }, { text: '2' }] });
    expect(parseVariants({ variants: ['1', '2', '3', '4', '5', '6'] }, shape)).toMatchObject({ ok: false, problem: expect.stringMatching(/^variants: /) });
    expect(parseVariants({ variants: [] }, shape)).toEqual({ ok: false, problem: 'variants: no variants: return 2' });
  });

  it('accepts four times a large cap, and up to 30 hashtags of up to 100 characters', () => {
    const large = { n: 1, maxChars: 3_000 };
    expect(parseVariants({ variants: [{ text: 'x'.repeat(12_000) }] }, large)).toMatchObject({ ok: true });
    expect(parseVariants({ variants: [{ text: 'x'.repeat(12_001) }] }, large)).toMatchObject({ ok: false, problem: expect.stringContaining('longer than 12000 characters') });
    const tags = (count: number, length: number) => ({ variants: [{ text: 'one', hashtags: Array.from({ length: count }, (_, index) => `${index}`.padEnd(length, 'x')) }] });
    expect(parseVariants(tags(30, 100), shape)).toMatchObject({ ok: true });
    expect(parseVariants(tags(31, 5), shape)).toMatchObject({ ok: false });
    expect(parseVariants(tags(1, 101), shape)).toMatchObject({ ok: false });
  });

  it('names at most five problems, and the answer itself when it is not an object', () => {
    const problem = (value: unknown): string => {
      const parsed = parseVariants(value, shape);
      return parsed.ok ? '' : parsed.problem;
    };
    expect(problem('not json')).toMatch(/^answer: /);
    expect(problem({ variants: Array.from({ length: 5 }, () => ({ text: '', hashtags: [5] })) }).split('; ')).toHaveLength(5);
    expect(problem({ variants: [{ text: '' }, { text: 5 }] }).split('; ')).toEqual(['variants.0.text: text is empty', expect.stringMatching(/^variants\.1\.text: /)]);
  });
});
