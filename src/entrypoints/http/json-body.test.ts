import { describe, expect, it } from 'vitest';
import { parseJsonBody, withoutPrototypeKeys } from './json-body.js';

/** What JSON.parse alone makes of the text: the answer wherever no prototype key is involved. */
const plain = (text: string): unknown => JSON.parse(text) as unknown;

describe('parseJsonBody', () => {
  it('parses ordinary bodies exactly as JSON.parse does, whatever their root', () => {
    for (const text of [
      '{"handle":"acme","n":3,"thread":true,"topic":null,"tags":["a","b"]}',
      '[1,2,{"a":"b"}]',
      '"just a string"',
      '42',
      'null',
      '{"text":"caf\\u00e9 \\ud83d\\ude00 \\n done","nested":{"deep":[{"x":1.5e3}]}}',
    ]) {
      expect(parseJsonBody(text), text).toStrictEqual(plain(text));
    }
  });

  it('keeps words that merely contain the keys, in values and in other keys', () => {
    const text = '{"text":"my __proto__ and constructor notes","constructorName":"Ada","proto":1,"x__proto__":2}';
    expect(parseJsonBody(text)).toStrictEqual(plain(text));
  });

  it('drops __proto__ keys at any depth, also inside arrays, without changing any prototype', () => {
    const parsed = parseJsonBody('{"a":1,"__proto__":{"polluted":true},"list":[{"__proto__":{"polluted":true},"b":2}]}') as Record<string, unknown>;
    expect(parsed).toStrictEqual({ a: 1, list: [{ b: 2 }] });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((parsed.list as object[])[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops a constructor key that holds a prototype, and keeps one that does not', () => {
    expect(parseJsonBody('{"constructor":{"prototype":{"polluted":true}},"a":1}')).toStrictEqual({ a: 1 });
    // (toEqual: toStrictEqual would compare these own `constructor` keys as if they were classes.)
    const kept = parseJsonBody('{"constructor":{"name":"Ada"},"b":[{"constructor":"plain"}]}') as Record<string, unknown>;
    expect(Object.keys(kept)).toEqual(['constructor', 'b']);
    expect(kept).toEqual({ constructor: { name: 'Ada' }, b: [{ constructor: 'plain' }] });
  });

  it('finds keys spelled with escapes of any of their letters, in either case', () => {
    for (const text of ['{"_\\u005Fproto__":1,"a":1}', '{"__\\u0070roto__":1,"a":1}', '{"__pr\\u006fto__":1,"a":1}', '{"\\u0063\\u006F\\u006e\\u0073\\u0074\\u0072uctor":{"prototype":1},"a":1}', '{"constr\\u0075ctor":{"prototype":1},"a":1}']) {
      expect(parseJsonBody(text), text).toStrictEqual({ a: 1 });
    }
  });

  it('throws on text that is not JSON, as JSON.parse does', () => {
    expect(() => parseJsonBody('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonBody('{"__proto__":')).toThrow(SyntaxError);
  });
});

describe('withoutPrototypeKeys', () => {
  it('removes only __proto__ and a constructor holding its own prototype', () => {
    expect(withoutPrototypeKeys('__proto__', { a: 1 })).toBeUndefined();
    expect(withoutPrototypeKeys('__proto__', 'text')).toBeUndefined();
    expect(withoutPrototypeKeys('constructor', { prototype: null })).toBeUndefined();
    expect(withoutPrototypeKeys('constructor', { name: 'x' })).toEqual({ name: 'x' });
    expect(withoutPrototypeKeys('constructor', 'prototype')).toBe('prototype');
    expect(withoutPrototypeKeys('constructor', null)).toBeNull();
    expect(withoutPrototypeKeys('prototype', { a: 1 })).toEqual({ a: 1 });
    expect(withoutPrototypeKeys('', 7)).toBe(7);
  });
});
