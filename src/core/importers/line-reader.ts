/** One line of text (without its line end) and its 1-based number. */
export interface TextLine {
  text: string;
  line: number;
}

/** Splits streamed text into lines (LF or CRLF), without holding more than one line. */
export async function* readLines(text: AsyncIterable<string>): AsyncGenerator<TextLine> {
  let rest = '';
  let line = 0;
  let first = true;
  for await (let chunk of text) {
    if (first) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let buffer = rest + chunk;
    let start = 0;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n', start)) {
      line++;
      const stop = end > start && buffer.charCodeAt(end - 1) === 13 ? end - 1 : end;
      yield { text: buffer.slice(start, stop), line };
      start = end + 1;
    }
    rest = buffer.slice(start);
    buffer = '';
  }
  if (rest.length > 0) yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line: line + 1 };
}

/** One NDJSON record: its parsed value, or why the line could not be parsed. */
export type NdjsonRecord = { line: number; value: unknown; error?: undefined } | { line: number; value?: undefined; error: string };

/**
 * Streams newline-delimited JSON. Lines are independent, so a bad line is
 * reported as that record's error and the reading goes on; blank lines are
 * skipped.
 */
export async function* readNdjson(text: AsyncIterable<string>): AsyncGenerator<NdjsonRecord> {
  for await (const { text: lineText, line } of readLines(text)) {
    if (lineText.trim() === '') continue;
    let record: NdjsonRecord;
    try {
      record = { line, value: JSON.parse(lineText) as unknown };
    } catch (error) {
      record = { line, error: `not valid JSON (${(error as Error).message})` };
    }
    yield record;
  }
}
