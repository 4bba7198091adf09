import { describe, expect, test } from 'vitest';
import { isJsonWhitespace, JsonValueScanner } from './json-value-scanner.js';

/** Feeds `text` (starting at a value) to a scanner in the given chunks; the end as an offset into the whole text, or -1. */
function endOf(text: string, sizes: number[] | number): { end: number; lines: number } {
  const scanner = new JsonValueScanner();
  scanner.begin(text.charCodeAt(0));
  let offset = 0;
  let lines = 0;
  let index = 0;
  while (offset < text.length) {
    const size = Array.isArray(sizes) ? (sizes[index++] ?? text.length) : sizes;
    const chunk = text.slice(offset, offset + size);
    const end = scanner.advance(chunk, 0);
    lines += scanner.lines;
    if (end >= 0) return { end: offset + end, lines };
    offset += chunk.length;
  }
  return { end: -1, lines };
}

describe('isJsonWhitespace', () => {
  test('space, tab, CR, LF and a stray BOM; nothing else', () => {
    for (const char of [' ', '\t', '\r', '\n', '\ufeff']) expect(isJsonWhitespace(char.charCodeAt(0))).toBe(true);
    for (const char of ['a', '0', ',', '\u00a0', '\v', '\f', '"']) expect(isJsonWhitespace(char.charCodeAt(0))).toBe(false);
  });
});

describe('JsonValueScanner', () => {
  test('an object ends just past its closing brace, whatever follows', () => {
    const text = '{"a": {"b": [1, 2]}, "c": "}"} , {"next": 1}';
    for (const size of [1, 2, 3, 5, 100]) expect(endOf(text, size).end).toBe(text.indexOf(' ,'));
  });

  test('an array ends at its closing bracket', () => {
    const text = '[["x"], {"y": "]"}],';
    for (const size of [1, 4, 100]) expect(endOf(text, size).end).toBe(text.length - 1);
  });

  test('a string value ends just past its closing quote; escaped quotes and backslashes inside', () => {
    const text = String.raw`"say \"hi\" C:\\dir\\" ,`;
    for (const size of [1, 2, 3, 4, 100]) expect(endOf(text, size).end).toBe(text.indexOf(' ,'));
  });

  test('a backslash at the very end of a chunk escapes the first character of the next', () => {
    // The chunk edge falls right after the backslash: the quote after it is escaped.
    const text = String.raw`{"a": "x\"y"}!`;
    const cut = text.indexOf('\\') + 1;
    expect(endOf(text, [cut, 100]).end).toBe(text.length - 1);
    // An even run of backslashes ends at the edge: the next quote closes the string.
    const even = String.raw`{"a": "x\\"}!`;
    expect(endOf(even, [even.indexOf('"}'), 100]).end).toBe(even.length - 1);
    expect(endOf(even, [even.indexOf('"}') - 1, 100]).end).toBe(even.length - 1);
  });

  test('a string in a chunk with no closing quote: the run of backslashes before the chunk end decides', () => {
    const odd = String.raw`"ab\\\"cd"x`;
    // Chunk ends after three backslashes: odd, so the quote opening the next chunk is escaped.
    expect(endOf(odd, [odd.indexOf('"c'), 100]).end).toBe(odd.length - 1);
  });

  test('numbers and literals end at the first delimiter, not past it', () => {
    expect(endOf('12345,', 2).end).toBe(5);
    expect(endOf('true]', 1).end).toBe(4);
    expect(endOf('null}', 100).end).toBe(4);
    expect(endOf('-1.5e3 ', 3).end).toBe(6);
    expect(endOf('false\n', 100).end).toBe(5);
    expect(endOf('7\t', 100).end).toBe(1);
    expect(endOf('0\r', 100).end).toBe(1);
    expect(endOf('0\ufeff', 100).end).toBe(1);
    // The chunk runs out first: not finished yet.
    expect(endOf('12345', 2).end).toBe(-1);
  });

  test('an unfinished value gives -1 and keeps its state for the next chunk', () => {
    expect(endOf('{"a": [1, 2', 3).end).toBe(-1);
    expect(endOf('"open string', 4).end).toBe(-1);
    const scanner = new JsonValueScanner();
    scanner.begin('{'.charCodeAt(0));
    expect(scanner.advance('{"a": "', 0)).toBe(-1);
    expect(scanner.advance('}", "b": {}', 0)).toBe(-1);
    expect(scanner.advance('}tail', 0)).toBe(1);
  });

  test('a chunk that opens with the closing quote and ends in a backslash', () => {
    const scanner = new JsonValueScanner();
    scanner.begin('{'.charCodeAt(0));
    expect(scanner.advance('{"a": "x', 0)).toBe(-1);
    expect(scanner.advance('"} \\', 0)).toBe(2);
  });

  test('advance starts at the given index of the chunk', () => {
    const scanner = new JsonValueScanner();
    scanner.begin('['.charCodeAt(0));
    expect(scanner.advance('{{[1]', 2)).toBe(5);
    const number = new JsonValueScanner();
    number.begin('4'.charCodeAt(0));
    expect(number.advance(',,42,', 2)).toBe(4);
  });

  test('begin resets the state left by an unfinished value', () => {
    const scanner = new JsonValueScanner();
    scanner.begin('{'.charCodeAt(0));
    expect(scanner.advance('{"a": "\\', 0)).toBe(-1);
    scanner.begin('['.charCodeAt(0));
    expect(scanner.advance('[]', 0)).toBe(2);
    scanner.begin('{'.charCodeAt(0));
    expect(scanner.advance('{"a": "\\', 0)).toBe(-1);
    // The pending escape is forgotten: the backslash below escapes the quote after it, not itself.
    scanner.begin('"'.charCodeAt(0));
    expect(scanner.advance('"\\"x"', 0)).toBe(5);
    scanner.begin('1'.charCodeAt(0));
    expect(scanner.advance('1]', 0)).toBe(1);
    // After a scalar, a structured value is scanned by depth again.
    scanner.begin('{'.charCodeAt(0));
    expect(scanner.advance('{"k": 1, "l": 2}', 0)).toBe(16);
  });

  test('counts line breaks outside strings only, per advance', () => {
    const text = '{\n  "a": "line\\nbreak",\n  "b": [\n1\n]\n}';
    expect(endOf(text, 100)).toEqual({ end: text.length, lines: 5 });
    expect(endOf(text, 3)).toEqual({ end: text.length, lines: 5 });
    const scanner = new JsonValueScanner();
    scanner.begin('{'.charCodeAt(0));
    scanner.advance('{\n\n', 0);
    expect(scanner.lines).toBe(2);
    scanner.advance('"a"\n: 1}', 0);
    expect(scanner.lines).toBe(1);
    // A raw line break inside a string (not valid JSON, but the scanner does not judge) is not counted.
    expect(endOf('{"a\nb": 1}', 100)).toEqual({ end: 10, lines: 0 });
    const number = new JsonValueScanner();
    number.begin('1'.charCodeAt(0));
    number.lines = 9;
    number.advance('1\n', 0);
    expect(number.lines).toBe(0);
  });
});
