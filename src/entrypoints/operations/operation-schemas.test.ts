import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputJsonSchema } from './operation-json-schema.js';
import {
  HandleParam,
  IsoDateParam,
  LimitParam,
  PLATFORM_NAMES,
  PlatformParam,
  PostIdParam,
  STATUS_NAMES,
  StatusListParam,
  patchSchemaOf,
  splitStatuses,
} from './operation-schemas.js';

/** The messages of a failed parse, or [] when it passed. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('the spelled-out names', () => {
  it('lists every platform and status, comma-separated', () => {
    expect(PLATFORM_NAMES).toBe('x, linkedin, instagram, threads, bluesky, mastodon, facebook');
    expect(STATUS_NAMES).toBe('idea, draft, approved, scheduled, published, archived, publishing, failed');
    expect(PlatformParam.description).toBe(`The social platform. One of: ${PLATFORM_NAMES}.`);
    expect(StatusListParam.description).toContain(STATUS_NAMES);
  });
});

describe('HandleParam', () => {
  it('takes a handle in any case and with spaces around, as the stored lowercase handle', () => {
    expect(HandleParam.parse('  Acme ')).toBe('acme');
    expect(HandleParam.parse('jane-founder.v2_x')).toBe('jane-founder.v2_x');
  });

  it('refuses what cannot be a handle', () => {
    for (const value of ['', '-acme', '.acme', 'ac me', 'acme!', 'a'.repeat(65), 42]) expect(problems(HandleParam, value), String(value)).not.toEqual([]);
    expect(HandleParam.description).toContain('list_profiles');
  });
});

describe('PostIdParam', () => {
  it('takes positive whole numbers up to the largest safe one', () => {
    expect(PostIdParam.parse(1)).toBe(1);
    expect(PostIdParam.parse(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('says what a post id is when refusing one', () => {
    expect(problems(PostIdParam, '42')).toEqual(['A post id is a whole number, e.g. 42.']);
    expect(problems(PostIdParam, 4.2)).toEqual(['A post id is a whole number, e.g. 42.']);
    expect(problems(PostIdParam, 0)).toEqual(['A post id is a positive whole number.']);
    expect(problems(PostIdParam, -7)).toEqual(['A post id is a positive whole number.']);
    expect(problems(PostIdParam, Number.MAX_SAFE_INTEGER + 1)).not.toEqual([]);
    expect(problems(PostIdParam, Number.NaN)).not.toEqual([]);
  });
});

describe('splitStatuses', () => {
  it('splits on commas, trims, lowercases and skips empty items', () => {
    expect(splitStatuses('draft,approved')).toEqual(['draft', 'approved']);
    expect(splitStatuses(' Draft , APPROVED ,, ')).toEqual(['draft', 'approved']);
    expect(splitStatuses('published')).toEqual(['published']);
  });

  it('gives undefined (no filter) for nothing, an empty text or only commas', () => {
    expect(splitStatuses(undefined)).toBeUndefined();
    expect(splitStatuses('')).toBeUndefined();
    expect(splitStatuses(' , ,')).toBeUndefined();
  });
});

describe('StatusListParam', () => {
  it('accepts known statuses in any case and spacing, and an empty list', () => {
    for (const value of ['draft', 'draft,approved', ' Draft , SCHEDULED ', 'idea,draft,approved,scheduled,published,archived,publishing,failed', '', ',']) {
      expect(problems(StatusListParam, value), value).toEqual([]);
    }
  });

  it('refuses an unknown status, naming the allowed ones', () => {
    expect(problems(StatusListParam, 'draft,pending')).toEqual([`Use one or more of these statuses, separated by commas: ${STATUS_NAMES}.`]);
    expect(problems(StatusListParam, 'drafts')).toHaveLength(1);
    expect(problems(StatusListParam, 'draft;approved')).toHaveLength(1);
  });

  it('refuses more than 200 characters', () => {
    expect(problems(StatusListParam, 'draft,'.repeat(40))).not.toEqual([]);
  });
});

describe('IsoDateParam', () => {
  it('takes ISO dates and date-times', () => {
    for (const value of ['2026-01-31', '2026-01-31T09:00:00Z', '2026-01-31T09:00:00+01:00']) expect(problems(IsoDateParam, value), value).toEqual([]);
  });

  it('refuses text that is not a date, with an example', () => {
    expect(problems(IsoDateParam, 'yesterday')).toEqual(['Expected an ISO-8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z.']);
    expect(problems(IsoDateParam, '2026-13-45')).toHaveLength(1);
    expect(problems(IsoDateParam, '2026-01-31T09:00:00Z'.padEnd(41, ' '))).not.toEqual([]);
  });
});

describe('LimitParam', () => {
  it('defaults to 20 and takes 1 to 500', () => {
    expect(LimitParam.parse(undefined)).toBe(20);
    expect(LimitParam.parse(1)).toBe(1);
    expect(LimitParam.parse(500)).toBe(500);
  });

  it('says the range when refusing', () => {
    expect(problems(LimitParam, 0)).toEqual(['limit is at least 1.']);
    expect(problems(LimitParam, 501)).toEqual(['limit is at most 500.']);
    expect(problems(LimitParam, 2.5)).toEqual(['limit is a whole number from 1 to 500.']);
    expect(problems(LimitParam, '20')).toEqual(['limit is a whole number from 1 to 500.']);
  });
});

describe('patchSchemaOf', () => {
  const Voice = z.object({
    tone: z.string().default('').describe('How it sounds.'),
    emoji: z.enum(['none', 'free']).default('none').describe('Emoji use.'),
  });
  const Profile = z.object({
    name: z.string().min(1).describe('The name.'),
    bio: z.string().max(10).optional().describe('About.'),
    tags: z.array(z.string()).default([]).describe('Labels.'),
    undescribed: z.number().default(1),
    voice: Voice.default({ tone: '', emoji: 'none' }).describe('The voice.'),
  });
  const Patch = patchSchemaOf(Profile);

  it('yields only the fields the caller named: no defaults fill in the rest, at any depth', () => {
    expect(Patch.parse({})).toStrictEqual({});
    expect(Patch.parse({ bio: 'hi' })).toStrictEqual({ bio: 'hi' });
    expect(Patch.parse({ voice: { tone: 'dry' } })).toStrictEqual({ voice: { tone: 'dry' } });
    expect(Patch.parse({ voice: {} })).toStrictEqual({ voice: {} });
  });

  it('keeps every rule of a field that is given', () => {
    expect(problems(Patch, { name: '' })).toHaveLength(1);
    expect(problems(Patch, { bio: 'far too long a bio' })).toHaveLength(1);
    expect(problems(Patch, { voice: { emoji: 'lots' } })).toHaveLength(1);
    expect(problems(Patch, { tags: 'one' })).toHaveLength(1);
  });

  it('keeps each description, wherever it sat among the wrappers, and drops the defaults from the JSON schema', () => {
    const schema = inputJsonSchema(Patch);
    const properties = schema.properties!;
    expect(schema.required).toBeUndefined();
    expect(properties.name).toEqual({ type: 'string', minLength: 1, description: 'The name.' });
    expect(properties.bio!.description).toBe('About.');
    expect(properties.tags).toEqual({ type: 'array', items: { type: 'string' }, description: 'Labels.' });
    expect(properties.undescribed).toEqual({ type: 'number' });
    expect(properties.voice!.description).toBe('The voice.');
    expect(properties.voice!.default).toBeUndefined();
    expect(properties.voice!.required).toBeUndefined();
    expect(properties.voice!.properties!.tone).toEqual({ type: 'string', description: 'How it sounds.' });
    expect(properties.voice!.properties!.emoji!.description).toBe('Emoji use. Allowed values: none, free.');
  });

  it('has the same keys as the schema it patches', () => {
    expect(Object.keys(Patch.shape)).toEqual(Object.keys(Profile.shape));
  });
});
