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
});
