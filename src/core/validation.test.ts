import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInput } from './validation.js';

const Schema = z.object({ name: z.string().min(1, 'Name is required.'), tags: z.array(z.string().max(3, 'Tag too long.')) });

describe('parseInput', () => {
  it('returns the parsed value when the input is valid', () => {
    expect(parseInput(Schema, { name: 'a', tags: ['x'] }, 'profile')).toEqual({ name: 'a', tags: ['x'] });
  });

  it('names each field that failed, by its path, without the message’s closing full stop', () => {
    const error = (() => {
      try {
        parseInput(Schema, { name: '', tags: ['ok', 'long'] }, 'profile');
      } catch (caught) {
        return caught;
      }
      throw new Error('parseInput accepted invalid input');
    })();
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'Invalid profile: name: Name is required; tags.1: Tag too long.',
      hint: 'Fix the fields named above and try again.',
      details: {
        issues: [
          { path: ['name'], message: 'Name is required.' },
          { path: ['tags', '1'], message: 'Tag too long.' },
        ],
      },
    });
  });

  it('names the input itself when the whole value is wrong', () => {
    expect(() => parseInput(z.string().max(2, 'At most 2.'), 'long', 'key name')).toThrow('Invalid key name: key name: At most 2.');
    expect(() => parseInput(z.string().regex(/^a\.b$/, 'Like a.b, e.g. a.b'), 'x', 'id')).toThrow('Invalid id: id: Like a.b, e.g. a.b.');
  });
});
