import { describe, expect, it } from 'vitest';
import { POST_COLUMNS, postRowFromValues } from './post-rows.js';

describe('postRowFromValues', () => {
  it('reads every column of POST_COLUMNS from its position, and nothing else', () => {
    const row = postRowFromValues(POST_COLUMNS.map((column) => `value of ${column}`));
    expect(Object.keys(row)).toEqual([...POST_COLUMNS]);
    for (const column of POST_COLUMNS) expect(row[column]).toBe(`value of ${column}`);
  });
});
