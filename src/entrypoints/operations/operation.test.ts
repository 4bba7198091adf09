import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation, FileResult, hasBody, pathParameterNames } from './operation.js';

describe('pathParameterNames', () => {
  it('gives the {names} of a path in order', () => {
    expect(pathParameterNames({ path: '/profiles/{handle}/voice/guidance/{id}/restore' })).toEqual(['handle', 'id']);
    expect(pathParameterNames({ path: '/posts/{postId}/rewrite' })).toEqual(['postId']);
    expect(pathParameterNames({ path: '/posts' })).toEqual([]);
  });

  it('takes only identifier names, not other braces', () => {
    expect(pathParameterNames({ path: '/a/{1st}/{ok_2}/{}/{with-dash}/{_x}' })).toEqual(['ok_2', '_x']);
  });

  it('answers the same for the same path, however often asked', () => {
    const first = pathParameterNames({ path: '/cached/{a}/{b}' });
    expect(pathParameterNames({ path: '/cached/{a}/{b}' })).toEqual(['a', 'b']);
    expect(first).toEqual(['a', 'b']);
  });
});

describe('hasBody', () => {
  it('is true for POST and PATCH, false for GET and DELETE', () => {
    expect(hasBody({ method: 'POST' })).toBe(true);
    expect(hasBody({ method: 'PATCH' })).toBe(true);
    expect(hasBody({ method: 'GET' })).toBe(false);
    expect(hasBody({ method: 'DELETE' })).toBe(false);
  });
});

describe('defineOperation and FileResult', () => {
  it('returns the operation it is given, unchanged', () => {
    const operation = {
      name: 'echo',
      summary: 'Echo',
      description: 'Gives back its input.',
      tag: 'test',
      method: 'GET' as const,
      path: '/echo',
      readOnly: true,
      input: z.object({ text: z.string() }),
      run: async (_app: unknown, _scope: unknown, input: { text: string }) => input,
    };
    expect(defineOperation(operation)).toBe(operation);
  });

  it('keeps the file name, type, body and summary', () => {
    const file = new FileResult('acme.csv', 'text/csv; charset=utf-8', 'id,text\n', { count: 0 });
    expect({ ...file }).toEqual({ filename: 'acme.csv', contentType: 'text/csv; charset=utf-8', body: 'id,text\n', summary: { count: 0 } });
  });
});
