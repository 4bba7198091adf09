import { InvalidInputError } from '../errors.js';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isJsonWhitespace as isWhitespace,
  JsonValueScanner,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-value-scanner.js';

/** One element of the streamed array, or a note that it was too large to hold. */
export type JsonArrayElement =
  | { index: number; line: number; value: unknown; error?: undefined }
  | { index: number; line: number; value?: undefined; error: string };

export interface JsonArrayOptions {
  /** File name for messages. */
  file: string;
  /**
   * When the document is an object, stream the first of these properties
   * whose value is an array (e.g. `orderedItems`, `feed`, `records`).
   * A top-level array is always streamed.
   */
  arrayKeys?: readonly string[];
  /** Accept a JavaScript assignment before the JSON, as X's `window.YTD.tweets.part0 = [...]`. */
  assignmentPrefix?: boolean;
  /** Elements longer than this many characters are reported, not parsed (default 16 Mi). */
  maxElementChars?: number;
  /** Called once the document is read, with what it held (see JsonArrayScanner.describe), for "nothing found" messages. */
  onDescribed?: (description: string) => void;
}

/**
 * Streams the elements of a JSON array one at a time without holding the
 * whole document: a small tokenizer tracks strings and nesting depth, cuts
 * each element out and hands it to JSON.parse. Memory stays at one element.
 *
 * A syntax fault (truncated file, garbage, unbalanced brackets) throws an
 * InvalidInputError naming the file, line and record, after every element
 * before it has been yielded.
 */
export async function* readJsonArray(text: AsyncIterable<string>, options: JsonArrayOptions): AsyncGenerator<JsonArrayElement> {
  const scanner = new JsonArrayScanner(options);
  const out: JsonArrayElement[] = [];
  for await (const chunk of text) {
    scanner.push(chunk, out);
    for (const element of out) yield element;
    out.length = 0;
    scanner.throwIfFailed();
  }
  scanner.finish();
  options.onDescribed?.(scanner.describe());
}

const enum State {
  Start,
  Prefix,
  ObjectKey,
  ObjectKeyString,
  ObjectColon,
  ObjectValue,
  Skip,
  ObjectAfter,
  ArrayBefore,
  Element,
  ArrayAfter,
  Done,
}

/** The incremental tokenizer behind readJsonArray. Exported for tests. */
export class JsonArrayScanner {
  private state = State.Start;
  private line = 1;
  private index = 0;
  private prefixUsed = false;
  private prefixLength = 0;
  private topIsObject = false;
  private arrayFound = false;
  private expectElement = false;
  private key = '';
  private keyEscape = false;
  private readonly value = new JsonValueScanner();
  private elementLine = 1;
  private elementChars = 0;
  private parts: string[] = [];
  private failure: InvalidInputError | undefined;
  /** The property whose array is being (or was) streamed, null for a top-level array. */
  private streamedKey: string | null = null;
  /** Every array streamed or passed over as a repeat, with its record count, for describe(). */
  private readonly arrays: { key: string | null; records: number }[] = [];
  /** Short scalar values of the top-level object (e.g. `"totalItems": 1557`), for describe(). */
  private readonly scalars: [string, string][] = [];
  private scalarText: string | undefined;
  private readonly keys: ReadonlySet<string>;
  private readonly maxElementChars: number;

  constructor(private readonly options: JsonArrayOptions) {
    this.keys = new Set(options.arrayKeys ?? []);
    this.maxElementChars = options.maxElementChars ?? 16 * 1024 * 1024;
  }

  /** Scans a chunk, appending finished elements to `out`; a fault is kept for throwIfFailed. */
  push(chunk: string, out: JsonArrayElement[]): void {
    if (this.failure) return;
    try {
      this.scan(chunk, out);
    } catch (error) {
      if (error instanceof InvalidInputError) this.failure = error;
      else throw error;
    }
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** Call at the end of input: throws when the document is incomplete. */
  finish(): void {
    this.throwIfFailed();
    switch (this.state) {
      case State.Done:
        return;
      case State.Start:
        throw this.fault('the file is empty or holds only whitespace', 'Export the data again; the file has no posts in it.');
      case State.Element:
        throw this.fault('the file ends inside a record: it is truncated');
      default:
        throw this.fault('the file ends before the JSON is closed: it is truncated');
    }
  }

  private scan(chunk: string, out: JsonArrayElement[]): void {
    const length = chunk.length;
    let i = 0;
    let segmentStart = 0;
    while (i < length) {
      const state = this.state;
      if (state === State.Element || state === State.Skip) {
        const end = this.value.advance(chunk, i);
        this.line += this.value.lines;
        if (end < 0) {
          if (state === State.Skip && this.scalarText !== undefined) this.scalarText += chunk.slice(segmentStart, segmentStart + 200);
          i = length;
          break;
        }
        i = end;
        if (state === State.Element) {
          this.emit(chunk.slice(segmentStart, end), out);
          this.state = State.ArrayAfter;
        } else {
          if (this.scalarText !== undefined) this.keepScalar(chunk.slice(segmentStart, end));
          this.state = State.ObjectAfter;
        }
        continue;
      }
      const code = chunk.charCodeAt(i);
      if (state === State.ObjectKeyString) {
        i++;
        if (this.keyEscape) {
          this.keyEscape = false;
          this.key += String.fromCharCode(code);
        } else if (code === BACKSLASH) this.keyEscape = true;
        else if (code === QUOTE) this.state = State.ObjectColon;
        else if (this.key.length < 256) this.key += String.fromCharCode(code);
        continue;
      }
      if (state === State.Prefix) {
        i++;
        if (code === 61 /* = */) this.state = State.Start;
        else if (++this.prefixLength > 256) throw this.fault('the file does not start with JSON');
        else if (code === NEWLINE) this.line++;
        continue;
      }
      if (isWhitespace(code)) {
        if (code === NEWLINE) this.line++;
        i++;
        continue;
      }
      switch (state) {
        case State.Start:
          if (code === OPEN_BRACKET) this.openArray();
          else if (code === OPEN_BRACE) {
            this.topIsObject = true;
            this.state = State.ObjectKey;
            this.expectElement = false;
          } else if (this.options.assignmentPrefix && !this.prefixUsed) {
            this.prefixUsed = true;
            this.state = State.Prefix;
            continue;
          } else throw this.fault(`expected "[" or "{" but found ${describeChar(code)}: this is not a JSON file`);
          break;
        case State.ObjectKey:
          if (code === QUOTE) {
            this.key = '';
            this.state = State.ObjectKeyString;
          } else if (code === CLOSE_BRACE && !this.expectElement) this.closeTop();
          else throw this.fault(`expected a property name but found ${describeChar(code)}`);
          break;
        case State.ObjectColon:
          if (code !== COLON) throw this.fault(`expected ":" after "${this.key}" but found ${describeChar(code)}`);
          this.state = State.ObjectValue;
          break;
        case State.ObjectValue:
          if (this.keys.has(this.key) && (!this.arrayFound || this.key === this.streamedKey)) {
            // JSON.parse keeps the last of a repeated key: a later "orderedItems" replaces an earlier one.
            if (this.arrayFound) this.replaceStreamed();
            if (code === OPEN_BRACKET) {
              this.streamedKey = this.key;
              this.openArray();
              break;
            }
          }
          this.scalarText = code === OPEN_BRACE || code === OPEN_BRACKET ? undefined : '';
          segmentStart = i;
          this.beginValue(code, State.Skip);
          continue;
        case State.ObjectAfter:
          if (code === COMMA) {
            this.state = State.ObjectKey;
            this.expectElement = true;
          } else if (code === CLOSE_BRACE) this.closeTop();
          else throw this.fault(`expected "," or "}" but found ${describeChar(code)}`);
          break;
        case State.ArrayBefore:
          if (code === CLOSE_BRACKET && !this.expectElement) {
            this.closeArray();
            break;
          }
          if (code === CLOSE_BRACKET || code === COMMA) throw this.fault(`expected a record but found ${describeChar(code)}`);
          this.elementLine = this.line;
          this.elementChars = 0;
          this.parts.length = 0;
          segmentStart = i;
          this.beginValue(code, State.Element);
          continue;
        case State.ArrayAfter:
          if (code === COMMA) {
            this.state = State.ArrayBefore;
            this.expectElement = true;
          } else if (code === CLOSE_BRACKET) this.closeArray();
          else throw this.fault(`expected "," or "]" after record #${this.index} but found ${describeChar(code)}`);
          break;
        case State.Done:
          if (code !== 59 /* ; */) throw this.fault(`unexpected ${describeChar(code)} after the end of the JSON`);
          break;
        default:
          throw new Error(`unreachable scanner state ${state}`);
      }
      i++;
    }
    if (this.state === State.Element) this.keepPart(chunk.slice(segmentStart));
  }

  /** Sets up value scanning at the value's first character (not consumed). */
  private beginValue(code: number, next: State.Skip | State.Element): void {
    this.value.begin(code);
    this.state = next;
  }

  private keepPart(part: string): void {
    this.elementChars += part.length;
    if (this.elementChars <= this.maxElementChars) this.parts.push(part);
    else this.parts.length = 0;
  }

  private emit(lastPart: string, out: JsonArrayElement[]): void {
    this.elementChars += lastPart.length;
    const index = this.index++;
    const line = this.elementLine;
    const streamed = this.arrays.at(-1);
    if (streamed) streamed.records++;
    if (this.elementChars > this.maxElementChars) {
      this.parts.length = 0;
      out.push({ index, line, error: `the record is ${this.elementChars.toLocaleString('en-US')} characters long, over the ${this.maxElementChars.toLocaleString('en-US')} a record may have` });
      return;
    }
    const text = this.parts.length === 0 ? lastPart : this.parts.join('') + lastPart;
    this.parts.length = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidInputError(
        `${this.options.file}: record #${index + 1} at line ${line} is not valid JSON (${(error as Error).message}).`,
        { cause: error, details: { file: this.options.file, line, record: index + 1 }, hint: hintFor(index) },
      );
    }
    out.push({ index, line, value });
  }

  private keepScalar(last: string): void {
    const text = (this.scalarText + last).trim();
    this.scalarText = undefined;
    if (text.length <= 80 && this.scalars.length < 20) this.scalars.push([this.key, text]);
  }

  /**
   * A repeat of the streamed key: JSON.parse would read only the new value.
   * That is exact while the earlier array held no record (a real Mastodon
   * archive has `"orderedItems": [], "orderedItems": [ …posts… ]`); records
   * already handed on cannot be taken back, so that case is a fault.
   */
  private replaceStreamed(): void {
    const streamed = this.arrays.at(-1);
    if (streamed && streamed.records > 0) {
      throw this.fault(
        `"${this.key}" appears twice and the first held ${streamed.records.toLocaleString('en-US')} records: JSON readers keep only the last, so which records count is unclear`,
        'Keep one of the two arrays in the file (or join them into one), then import again; records already imported are not added twice.',
      );
    }
    this.arrayFound = false;
  }

  /**
   * What the document held, for a message when it yields no post: e.g.
   * `2 arrays "orderedItems" with 0 and 0 records; "totalItems": 1557`.
   */
  describe(): string {
    const parts: string[] = [];
    const byKey = new Map<string, number[]>();
    for (const array of this.arrays) {
      const name = array.key === null ? '' : `"${array.key}" `;
      byKey.set(name, [...(byKey.get(name) ?? []), array.records]);
    }
    for (const [name, counts] of byKey) {
      const records = counts.map((count) => count.toLocaleString('en-US')).join(' and ');
      parts.push(`${counts.length === 1 ? '1 array' : `${counts.length} arrays`} ${name}with ${records} record${counts.length === 1 && counts[0] === 1 ? '' : 's'}`);
    }
    if (parts.length === 0) parts.push(this.keys.size > 0 ? `no "${[...this.keys].join('", "')}" array` : 'no array');
    // Counts (`totalItems`) and the document's `type` say what the file claims to hold.
    const scalars = this.scalars
      .filter(([key, value]) => /^-?\d+$/.test(value) || key === 'type')
      .map(([key, value]) => `"${key}": ${/^-?\d+$/.test(value) ? Number(value).toLocaleString('en-US') : value}`);
    return [...parts, ...scalars].join('; ');
  }

  private openArray(): void {
    this.arrays.push({ key: this.topIsObject ? this.key : null, records: 0 });
    this.arrayFound = true;
    this.expectElement = false;
    this.state = State.ArrayBefore;
  }

  private closeArray(): void {
    this.state = this.topIsObject ? State.ObjectAfter : State.Done;
  }

  private closeTop(): void {
    if (!this.arrayFound) throw this.missingArray();
    this.state = State.Done;
  }

  private missingArray(): InvalidInputError {
    const keys = [...this.keys];
    return new InvalidInputError(
      keys.length > 0
        ? `${this.options.file} is a JSON object without a "${keys.join('", "')}" array of records.`
        : `${this.options.file} is a JSON object, not an array of records.`,
      { details: { file: this.options.file }, hint: 'Check that this is the right file of the export, or pass the right --format.' },
    );
  }

  private fault(what: string, hint?: string): InvalidInputError {
    const record = this.state === State.Element ? this.index + 1 : undefined;
    const where = record === undefined ? `line ${this.line}` : `record #${record} (starting at line ${this.elementLine})`;
    return new InvalidInputError(`${this.options.file}: ${what}, at ${where}.`, {
      details: { file: this.options.file, line: this.line, ...(record === undefined ? {} : { record }) },
      hint: hint ?? hintFor(this.index),
    });
  }
}

function hintFor(recordsRead: number): string {
  return recordsRead > 0
    ? `The ${recordsRead.toLocaleString('en-US')} records before it were read. Download the export again (or repair the file) and re-run the import; records already imported are not added twice.`
    : 'Download the export again, or check that this is the right file.';
}

function describeChar(code: number): string {
  if (code < 0x20 || code === 0x7f || code === 0xfffd) return `byte 0x${code.toString(16).padStart(2, '0')}`;
  return `"${String.fromCharCode(code)}"`;
}
