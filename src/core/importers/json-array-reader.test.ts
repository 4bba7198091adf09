import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { collect, textChunks } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError } from '../errors.js';
import { readJsonArray, type JsonArrayElement } from './json-array-reader.js';

async function read(text: string, options: { arrayKeys?: string[]; assignmentPrefix?: boolean; chunk?: number; maxElementChars?: number } = {}) {
  return collect(readJsonArray(textChunks(text, options.chunk ?? 7), { file: 'f.json', ...options }));
}

/** Reads until the reader throws; returns what was yielded before, and the error. */
async function readUntilError(text: string, options: { arrayKeys?: string[]; assignmentPrefix?: boolean; chunk?: number } = {}) {
  const got: JsonArrayElement[] = [];
  try {
    for await (const element of readJsonArray(textChunks(text, options.chunk ?? 5), { file: 'f.json', ...options })) got.push(element);
  } catch (error) {
    return { got, error: error as InvalidInputError };
  }
  throw new Error(`expected an error; read ${got.length} elements`);
}

describe('readJsonArray', () => {
  test('yields the elements of a top-level array with their index and line', async () => {
    const elements = await read('[\n  {"a": 1},\n  {"b": [1, {"c": "]}"}]},\n  "text",\n  42, true, null\n]\n');
    expect(elements.map((element) => element.value)).toEqual([{ a: 1 }, { b: [1, { c: ']}' }] }, 'text', 42, true, null]);
    expect(elements.map((element) => element.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(elements.map((element) => element.line)).toEqual([2, 3, 4, 5, 5, 5]);
  });

  test('handles escaped quotes and backslashes across chunk edges, one character at a time', async () => {
    const value = [{ text: 'a "quoted" \\ back\\slash \\" } ] [ {', emoji: '👩🏽‍💻 中文 עברית' }];
    const elements = await read(JSON.stringify(value, null, 2), { chunk: 1 });
    expect(elements.map((element) => element.value)).toEqual(value);
  });

  test('streams a named array property of an object and skips the other properties', async () => {
    const text = JSON.stringify({ '@context': ['x', { a: '[' }], totalItems: 2, first: { items: [9] }, orderedItems: [{ n: 1 }, { n: 2 }], after: [3] });
    const elements = await read(text, { arrayKeys: ['orderedItems'] });
    expect(elements.map((element) => element.value)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  test('reads X archive JavaScript with its window.YTD assignment', async () => {
    const elements = await read('window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1"}}, {"tweet": {"id_str": "2"}} ];\n', { assignmentPrefix: true });
    expect(elements.map((element) => element.value)).toEqual([{ tweet: { id_str: '1' } }, { tweet: { id_str: '2' } }]);
  });

  test('an empty array yields nothing', async () => {
    expect(await read('  [ ]  ')).toEqual([]);
    expect(await read('{"feed": []}', { arrayKeys: ['feed'] })).toEqual([]);
  });

  test('round-trips any array of JSON values under any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), async (values, chunk, pretty) => {
        const text = JSON.stringify(values, null, pretty ? 2 : undefined);
        const elements = await read(text, { chunk });
        // JSON.stringify turns -0 into 0; compare through the same lens.
        expect(elements.map((element) => element.value)).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });

  test('a truncated file yields every record before the fault, then throws naming the record and line', async () => {
    const { got, error } = await readUntilError('[\n{"a": 1},\n{"a": 2},\n{"a": "cut here');
    expect(got.map((element) => element.value)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/f\.json: the file ends inside a record: it is truncated, at record #3 \(starting at line 4\)/);
    expect(error.hint).toMatch(/The 2 records before it were read/);
  });

  test('a file cut after a complete record is truncated too', async () => {
    const { got, error } = await readUntilError('[{"a": 1},');
    expect(got).toHaveLength(1);
    expect(error.message).toMatch(/ends before the JSON is closed/);
  });

  test('binary garbage or non-JSON text is refused at line 1', async () => {
    const { got, error } = await readUntilError('\u0001\u0002PK garbage');
    expect(got).toEqual([]);
    expect(error.message).toMatch(/f\.json: expected "\[" or "\{" but found byte 0x01: this is not a JSON file, at line 1/);
  });

  test('an empty file is refused', async () => {
    const { error } = await readUntilError('   \n ');
    expect(error.message).toMatch(/the file is empty/);
  });

  test('a record that is not valid JSON throws after the records before it', async () => {
    const { got, error } = await readUntilError('[{"a": 1},\n{"a": nope}]');
    expect(got).toHaveLength(1);
    expect(error.message).toMatch(/record #2 at line 2 is not valid JSON/);
    expect(error.details).toMatchObject({ file: 'f.json', line: 2, record: 2 });
  });

  test('garbage after the array is refused', async () => {
    const { got, error } = await readUntilError('[1, 2] trailing');
    expect(got.map((element) => element.value)).toEqual([1, 2]);
    expect(error.message).toMatch(/unexpected "t" after the end of the JSON/);
  });

  test('an object without the expected array says which array it looked for', async () => {
    const { error } = await readUntilError('{"type": "OrderedCollection", "totalItems": 0}', { arrayKeys: ['orderedItems'] });
    expect(error.message).toBe('f.json is a JSON object without a "orderedItems" array of records.');
  });

  test('an oversized record is reported as an error element and reading goes on', async () => {
    const elements = await read(`[{"a": "${'x'.repeat(100)}"}, {"b": 2}]`, { maxElementChars: 50, chunk: 13 });
    expect(elements[0]).toMatchObject({ index: 0, error: expect.stringMatching(/over the 50 a record may have/) });
    expect(elements[1]).toMatchObject({ index: 1, value: { b: 2 } });
  });
});

describe('a repeated key, as JSON.parse reads it (the last wins)', () => {
  const outbox = (first: string, second: string) =>
    `{"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection", "totalItems": 1557, "orderedItems": ${first},\n "orderedItems": ${second}}`;

  test('an empty array, then the real one: the records of the last are streamed, under any chunking', async () => {
    const text = outbox('[]', '[{"id": 1}, {"id": 2}]');
    for (const chunk of [1, 3, 7, 64]) {
      const elements = await read(text, { arrayKeys: ['orderedItems'], chunk });
      expect(elements.map((element) => element.value)).toEqual((JSON.parse(text) as { orderedItems: unknown[] }).orderedItems);
    }
  });

  test('what was seen is described: arrays with their record counts, counts and type the document states', async () => {
    const descriptions: string[] = [];
    const options = { file: 'outbox.json', arrayKeys: ['orderedItems'], onDescribed: (text: string) => descriptions.push(text) };
    await collect(readJsonArray(textChunks(outbox('[]', '[]'), 5), options));
    await collect(readJsonArray(textChunks(outbox('[]', '[{"id": 1}]'), 5), options));
    await collect(readJsonArray(textChunks('[]', 5), { file: 'posts.json', onDescribed: (text: string) => descriptions.push(text) }));
    expect(descriptions).toEqual([
      '2 arrays "orderedItems" with 0 and 0 records; "type": "OrderedCollection"; "totalItems": 1,557',
      '2 arrays "orderedItems" with 0 and 1 records; "type": "OrderedCollection"; "totalItems": 1,557',
      '1 array with 0 records',
    ]);
  });

  test('records in both: the first were already handed on, so it is a fault that says what to do', async () => {
    const { got, error } = await readUntilError(outbox('[{"id": 1}]', '[{"id": 2}]'), { arrayKeys: ['orderedItems'] });
    expect(got.map((element) => element.value)).toEqual([{ id: 1 }]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('f.json: "orderedItems" appears twice and the first held 1 records: JSON readers keep only the last, so which records count is unclear, at line 2.');
    expect(error.hint).toMatch(/^Keep one of the two arrays/);
  });

  test('a repeat that is not an array replaces the array: no array is left', async () => {
    const { error } = await readUntilError(outbox('[]', 'null'), { arrayKeys: ['orderedItems'] });
    expect(error.message).toBe('f.json is a JSON object without a "orderedItems" array of records.');
  });

  test('another listed key after the streamed array is passed over, as before', async () => {
    const elements = await read('{"posts": [{"a": 1}], "data": [{"b": 2}]}', { arrayKeys: ['posts', 'data'] });
    expect(elements.map((element) => element.value)).toEqual([{ a: 1 }]);
  });
});
