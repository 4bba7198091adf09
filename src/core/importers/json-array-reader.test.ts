import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { collect, textChunks } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError } from '../errors.js';
import { JsonArrayScanner, readJsonArray, type JsonArrayElement, type JsonArrayOptions } from './json-array-reader.js';

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

/** Reads `text` split into chunks of every size from 1 to its length; returns what each reading gave. */
async function everyChunking(text: string, options: Omit<JsonArrayOptions, 'file'> = {}) {
  const readings: { size: number; elements: JsonArrayElement[]; description: string | undefined }[] = [];
  for (let size = 1; size <= text.length; size++) {
    let description: string | undefined;
    const elements = await collect(readJsonArray(textChunks(text, size), { file: 'f.json', ...options, onDescribed: (said) => (description = said) }));
    readings.push({ size, elements, description });
  }
  return readings;
}

/** The line each element of the streamed array starts on, found by a marker `@n` written at its start. */
function markerLines(text: string, count: number): number[] {
  return Array.from({ length: count }, (_, n) => text.slice(0, text.indexOf(`@${n}`)).split('\n').length);
}

describe('readJsonArray under every chunking', () => {
  test('nesting, escapes, unicode, numbers, literals and line breaks in a top-level array', async () => {
    const text =
      '\ufeff [\r\n' +
      '  {"@0": 1, "text": "say \\"hi\\" \\\\ back\\\\slash \\\\\\" ] } [ {", "u": "\\u00e9\\ud83d\\ude00 café 👩🏽‍💻 中文 עברית", "slash": "a\\/b\\n\\t"},\r\n' +
      '\t["@1", [[]], {}, {"deep": [{"x": [1, {"y": "]"}]}]}],\n' +
      '  "@2 a string, with a comma ] and } brackets",\n' +
      '  {"@3": true, "same": 1, "same": 2},\n' +
      '  -0.5e-7, 12.50, 0, 1e3, false, null,\n' +
      '  {\n    "@4": "last",\n    "list": [\n      1,\n      2\n    ]\n  },\n' +
      '  {"@5": "after a record over several lines"}\n' +
      ']\n;\n';
    const expected = JSON.parse(text.trim().replace(/;$/, '')) as unknown[];
    const lines = markerLines(text, 6);
    for (const { size, elements } of await everyChunking(text)) {
      expect(elements.map((element) => element.value), `chunks of ${size}`).toEqual(expected);
      expect(elements.map((element) => element.index), `chunks of ${size}`).toEqual(expected.map((_, index) => index));
      expect(elements.map((element) => element.line), `chunks of ${size}`).toEqual([lines[0], lines[1], lines[2], lines[3], 6, 6, 6, 6, 6, 6, lines[4]! - 1, lines[5]]);
    }
  });

  test('an object: other properties of every kind are passed over, lines counted through them, and the array streamed', async () => {
    const text =
      '{\n' +
      '  "@context": [\n    "https://www.w3.org/ns/activitystreams",\n    {"ostatus": "http://ostatus.org#", "x": "]\\"}"}\n  ],\n' +
      '  "id": "https://m.example/users/ann/outbox", "type": "OrderedCollection",\n' +
      '  "totalItems": 1557, "ratio": -3, "ok": true, "none": null, "nested": {"orderedItems": [{"@no": 1}]},\n' +
      '  "key with \\"quotes\\" \\\\ and \\u00e9": [{"@no": 2}],\n' +
      '  "orderedItems": [\n' +
      '    {"@0": {"orderedItems": []}},\n' +
      '\n' +
      '    {"@1": 2}\n' +
      '  ],\n' +
      '  "after": [{"@no": 3}], "last": 7\n' +
      '}';
    const lines = markerLines(text, 2);
    for (const { size, elements, description } of await everyChunking(text, { arrayKeys: ['orderedItems'] })) {
      expect(elements, `chunks of ${size}`).toEqual([
        { index: 0, line: lines[0], value: { '@0': { orderedItems: [] } } },
        { index: 1, line: lines[1], value: { '@1': 2 } },
      ]);
      expect(description, `chunks of ${size}`).toBe('1 array "orderedItems" with 2 records; "type": "OrderedCollection"; "totalItems": 1,557; "ratio": -3; "last": 7');
    }
  });

  test('a key with escaped quotes and backslashes is matched as JSON reads it', async () => {
    const text = '{"a\\"b\\\\": [1, 2], "c": 3}';
    for (const { size, elements } of await everyChunking(text, { arrayKeys: ['a"b\\'] })) {
      expect(elements.map((element) => element.value), `chunks of ${size}`).toEqual([1, 2]);
    }
  });

  test('an empty array, then the real one, under every chunking', async () => {
    const text = '{"orderedItems": [ ],\n"orderedItems": [{"id": 1}, {"id": 2}]}';
    for (const { size, elements, description } of await everyChunking(text, { arrayKeys: ['orderedItems'] })) {
      expect(elements.map((element) => element.value), `chunks of ${size}`).toEqual([{ id: 1 }, { id: 2 }]);
      expect(elements.map((element) => element.line), `chunks of ${size}`).toEqual([2, 2]);
      expect(description, `chunks of ${size}`).toBe('2 arrays "orderedItems" with 0 and 2 records');
    }
  });

  test('an X archive assignment, with a line break before its "=", under every chunking', async () => {
    const text = 'window.YTD.tweets.part0\n = [\n {"id": "1"},\n {"id": "2"}\n];';
    for (const { size, elements } of await everyChunking(text, { assignmentPrefix: true })) {
      expect(elements.map((element) => [element.value, element.line]), `chunks of ${size}`).toEqual([
        [{ id: '1' }, 3],
        [{ id: '2' }, 4],
      ]);
    }
  });

  test('a record over the size limit is an error element wherever the chunks cut it; the next is read whole', async () => {
    const big = `{"text": "${'é'.repeat(30)}"}`;
    const text = `[${big},\n{"n": 2}, {"n": 3}]`;
    for (const { size, elements } of await everyChunking(text, { maxElementChars: 20 })) {
      expect(elements, `chunks of ${size}`).toEqual([
        { index: 0, line: 1, error: `the record is ${big.length} characters long, over the 20 a record may have` },
        { index: 1, line: 2, value: { n: 2 } },
        { index: 2, line: 2, value: { n: 3 } },
      ]);
    }
  });

  test('a record of exactly the limit is read; one character more is not; the count restarts for each record', async () => {
    const exact = '{"t": "abcdefghi"}'; // 18 characters
    expect(exact).toHaveLength(18);
    // A number of 18 digits ends at the comma after it, which may start the next chunk.
    const text = `[${exact}, ${exact}, {"t": "abcdefghij"}, 100000000000000000, ${exact}]`;
    for (const { size, elements } of await everyChunking(text, { maxElementChars: 18 })) {
      expect(elements, `chunks of ${size}`).toEqual([
        { index: 0, line: 1, value: { t: 'abcdefghi' } },
        { index: 1, line: 1, value: { t: 'abcdefghi' } },
        { index: 2, line: 1, error: 'the record is 19 characters long, over the 18 a record may have' },
        { index: 3, line: 1, value: 1e17 },
        { index: 4, line: 1, value: { t: 'abcdefghi' } },
      ]);
    }
    const long = await read(`[{"text": "${'x'.repeat(2000)}"}]`, { maxElementChars: 1000, chunk: 300 });
    expect(long[0]?.error).toBe('the record is 2,012 characters long, over the 1,000 a record may have');
  });
});

describe('readJsonArray faults', () => {
  async function faultOf(text: string, options: Parameters<typeof readUntilError>[1] = {}) {
    return readUntilError(text, options);
  }

  test('records before a fault in the same chunk are yielded first; reading stops at the fault', async () => {
    const { got, error } = await faultOf('[1, 2, {"a": 1} 3]', { chunk: 100 });
    expect(got.map((element) => element.value)).toEqual([1, 2, { a: 1 }]);
    expect(error.message).toBe('f.json: expected "," or "]" after record #3 but found "3", at line 1.');
    let pulled = 0;
    async function* chunks() {
      for (const chunk of ['[1, x', 'x]', '[', '[']) {
        pulled++;
        yield chunk;
      }
    }
    await expect(collect(readJsonArray(chunks(), { file: 'f.json' }))).rejects.toThrow(/record #2 at line 1 is not valid JSON/);
    expect(pulled).toBe(2);
  });

  test('a syntax fault names the line, the record count read before it, and what was found', async () => {
    const { error } = await faultOf('[\n{"a": 1},\n{"a": 2},\n,]');
    expect(error.message).toBe('f.json: expected a record but found ",", at line 4.');
    expect(error.details).toEqual({ file: 'f.json', line: 4 });
    expect(error.hint).toBe('The 2 records before it were read. Download the export again (or repair the file) and re-run the import; records already imported are not added twice.');
    const first = await faultOf('[\n]]');
    expect(first.error.message).toBe('f.json: unexpected "]" after the end of the JSON, at line 2.');
    expect(first.error.hint).toBe('Download the export again, or check that this is the right file.');
  });

  test('a trailing comma, a leading comma or two commas in an array are faults', async () => {
    for (const text of ['[1,]', '[,1]', '[1,,2]', '[\n{"a": 1},\n]']) {
      const { error } = await faultOf(text);
      expect(error.message, text).toMatch(/^f\.json: expected a record but found "[,\]]", at line \d\.$/);
    }
  });

  test('two records without a comma between them', async () => {
    const { got, error } = await faultOf('[{"a": 1}\n{"a": 2}]');
    expect(got).toHaveLength(1);
    expect(error.message).toBe('f.json: expected "," or "]" after record #1 but found "{", at line 2.');
  });

  test('faults inside a top-level object: a missing colon, a key without quotes, a trailing comma, a missing comma', async () => {
    const options = { arrayKeys: ['orderedItems'] };
    expect((await faultOf('{"type" "x"}', options)).error.message).toBe('f.json: expected ":" after "type" but found """, at line 1.');
    expect((await faultOf('{type: "x"}', options)).error.message).toBe('f.json: expected a property name but found "t", at line 1.');
    expect((await faultOf('{"orderedItems": [1],\n}', options)).error.message).toBe('f.json: expected a property name but found "}", at line 2.');
    expect((await faultOf('{"a": 1 "orderedItems": []}', options)).error.message).toBe('f.json: expected "," or "}" but found """, at line 1.');
    expect((await faultOf('{"orderedItems": [1] ]', options)).error.message).toBe('f.json: expected "," or "}" but found "]", at line 1.');
  });

  test('an object without an array of records: names the keys looked for, or says it is not an array', async () => {
    expect((await faultOf('{}', { arrayKeys: ['orderedItems', 'items'] })).error.message).toBe('f.json is a JSON object without a "orderedItems", "items" array of records.');
    const plain = await faultOf('{"text": "hello"}');
    expect(plain.error.message).toBe('f.json is a JSON object, not an array of records.');
    expect(plain.error.details).toEqual({ file: 'f.json' });
    expect(plain.error.hint).toBe('Check that this is the right file of the export, or pass the right {{--format|"format"}}.');
    // A listed key whose value is not an array does not count.
    expect((await faultOf('{"orderedItems": "https://m.example/outbox?page=true", "first": []}', { arrayKeys: ['orderedItems'] })).error.message).toBe(
      'f.json is a JSON object without a "orderedItems" array of records.',
    );
    // An array under another key is passed over.
    expect((await faultOf('{"first": [1, 2]}', { arrayKeys: ['orderedItems'] })).error.message).toMatch(/without a "orderedItems" array/);
  });

  test('truncated files: in the object, in a value passed over, after the array, in the assignment', async () => {
    const options = { arrayKeys: ['orderedItems'] };
    for (const text of ['{', '{"orderedItems"', '{"orderedItems":', '{"a": "open string', '{"a": {"b": [', '{"orderedItems": [', '{"orderedItems": [1]', '[1, 2,', '{"or']) {
      const { error } = await faultOf(text, options);
      expect(error.message, text).toMatch(/^f\.json: the file ends before the JSON is closed: it is truncated, at line 1\.$/);
      expect(error.details, text).toStrictEqual({ file: 'f.json', line: 1 });
    }
    const inside = await faultOf('[1,\n2,\n{"a": [', options);
    expect(inside.error.message).toBe('f.json: the file ends inside a record: it is truncated, at record #3 (starting at line 3).');
    expect(inside.error.details).toEqual({ file: 'f.json', line: 3, record: 3 });
    expect(inside.error.hint).toMatch(/^The 2 records before it were read\./);
  });

  test('an empty file, or an assignment with nothing after it, holds no posts', async () => {
    for (const [text, options] of [
      ['', {}],
      ['\n\n', {}],
      ['window.YTD.tweets.part0 = ', { assignmentPrefix: true }],
    ] as const) {
      const { error } = await faultOf(text, options);
      expect(error.message, text).toMatch(/^f\.json: the file is empty or holds only whitespace, at line \d\.$/);
      expect(error.hint, text).toBe('Export the data again; the file has no posts in it.');
    }
  });

  test('the assignment prefix: at most 256 characters before "=", only once, and only when asked for', async () => {
    expect((await read(`${'w'.repeat(256)}=[1]`, { assignmentPrefix: true })).map((element) => element.value)).toEqual([1]);
    const long = await faultOf(`${'w'.repeat(257)}=[1]`, { assignmentPrefix: true });
    expect(long.error.message).toBe('f.json: the file does not start with JSON, at line 1.');
    const twice = await faultOf('a = b = [1]', { assignmentPrefix: true });
    expect(twice.error.message).toBe('f.json: expected "[" or "{" but found "b": this is not a JSON file, at line 1.');
    const unasked = await faultOf('window.YTD.tweets.part0 = [1]');
    expect(unasked.error.message).toBe('f.json: expected "[" or "{" but found "w": this is not a JSON file, at line 1.');
  });

  test('what was found is shown as the character, or as a byte when it is a control or replacement character', async () => {
    const found = async (text: string) => (await faultOf(text)).error.message.replace(/^f\.json: expected "\[" or "\{" but found (.*): this is not a JSON file, at line 1\.$/, '$1');
    expect(await found('\u0005')).toBe('byte 0x05');
    expect(await found('\u001f')).toBe('byte 0x1f');
    expect(await found('\u007f')).toBe('byte 0x7f');
    expect(await found('\ufffd\ufffd')).toBe('byte 0xfffd');
    expect(await found('!')).toBe('"!"');
    expect(await found('~')).toBe('"~"');
    expect(await found('é')).toBe('"é"');
  });

  test('after the array only whitespace and semicolons may follow', async () => {
    expect((await read('[1];\n; \r\n\t')).map((element) => element.value)).toEqual([1]);
    expect((await faultOf('[1]\n[2]')).error.message).toBe('f.json: unexpected "[" after the end of the JSON, at line 2.');
    expect((await faultOf('{"feed": []} {}', { arrayKeys: ['feed'] })).error.message).toBe('f.json: unexpected "{" after the end of the JSON, at line 1.');
  });
});

describe('describe: what the document held', () => {
  async function description(text: string, options: Omit<JsonArrayOptions, 'file'> = {}) {
    let said: string | undefined;
    await collect(readJsonArray(textChunks(text, 3), { file: 'f.json', ...options, onDescribed: (text) => (said = text) }));
    return said;
  }

  test('one record is singular; counts are grouped by thousands; a top-level array has no name', async () => {
    expect(await description('[{"a": 1}]')).toBe('1 array with 1 record');
    expect(await description('[1, 2]')).toBe('1 array with 2 records');
    expect(await description('{"feed": [{}], "cursor": "x"}', { arrayKeys: ['feed'] })).toBe('1 array "feed" with 1 record');
    expect(await description(`[${Array.from({ length: 1234 }, () => '0').join(',')}]`)).toBe('1 array with 1,234 records');
  });

  test('only counts and the type are told, as numbers and as written', async () => {
    const text = JSON.stringify({
      id: 'https://m.example/outbox',
      type: 'OrderedCollection',
      first: 'https://m.example/outbox?page=true',
      totalItems: 1557,
      below: -12,
      fraction: 2.5,
      exponent: 1e21,
      quoted: '42',
      flag: true,
      items: [],
    });
    expect(await description(text, { arrayKeys: ['items'] })).toBe('1 array "items" with 0 records; "type": "OrderedCollection"; "totalItems": 1,557; "below": -12');
    expect(await description('{"type": ["OrderedCollection"], "totalItems": 0, "items": []}', { arrayKeys: ['items'] })).toBe('1 array "items" with 0 records; "totalItems": 0');
  });

  test('long values are not told, and at most 20 short ones are kept', async () => {
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, n) => [`n${n}`, n]));
    const told = await description(JSON.stringify({ ...many, items: [] }), { arrayKeys: ['items'] });
    expect(told).toBe(['1 array "items" with 0 records', ...Array.from({ length: 20 }, (_, n) => `"n${n}": ${n}`)].join('; '));
    const type = `"${'T'.repeat(78)}"`;
    expect(await description(`{"type": ${type}, "items": []}`, { arrayKeys: ['items'] })).toBe(`1 array "items" with 0 records; "type": ${type}`);
    expect(await description(`{"type": "${'T'.repeat(79)}", "items": []}`, { arrayKeys: ['items'] })).toBe('1 array "items" with 0 records');
  });

  test('a long key is kept to its first 256 characters', async () => {
    const key = 'k'.repeat(300);
    expect(await description(`{"${key}": 5, "items": []}`, { arrayKeys: ['items'] })).toBe(`1 array "items" with 0 records; "${'k'.repeat(256)}": 5`);
  });

  test('before any array: which arrays were looked for', () => {
    const scanner = new JsonArrayScanner({ file: 'f.json', arrayKeys: ['orderedItems', 'items'] });
    scanner.push('{"totalItems": 3, "type": "Collection", ', []);
    expect(scanner.describe()).toBe('no "orderedItems", "items" array; "totalItems": 3; "type": "Collection"');
    expect(new JsonArrayScanner({ file: 'f.json' }).describe()).toBe('no array');
  });
});

describe('JsonArrayScanner', () => {
  test('a fault is kept, not thrown, by push; later chunks are ignored; finish throws the fault', () => {
    const scanner = new JsonArrayScanner({ file: 'f.json' });
    const out: JsonArrayElement[] = [];
    scanner.push('[1, ,', out);
    expect(out.map((element) => element.value)).toEqual([1]);
    const fault = (() => {
      try {
        scanner.throwIfFailed();
      } catch (error) {
        return error as InvalidInputError;
      }
      return undefined;
    })();
    expect(fault?.message).toBe('f.json: expected a record but found ",", at line 1.');
    scanner.push(' 2, 3]', out);
    expect(out).toHaveLength(1);
    expect(() => scanner.finish()).toThrow(fault!);
  });

  test('finish accepts a closed document', () => {
    const scanner = new JsonArrayScanner({ file: 'f.json' });
    const out: JsonArrayElement[] = [];
    scanner.push('[true]', out);
    expect(() => scanner.finish()).not.toThrow();
    expect(out).toEqual([{ index: 0, line: 1, value: true }]);
  });
});
