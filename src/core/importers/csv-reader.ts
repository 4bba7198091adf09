import { InvalidInputError } from '../errors.js';

/** One CSV record: its fields and the line it starts on (1-based). */
export interface CsvRow {
  fields: string[];
  line: number;
}

export type CsvDelimiter = ',' | '\t' | ';';

/**
 * Picks the delimiter from the header line: the most frequent of tab, comma
 * and semicolon outside quotes (comma when none appears).
 */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === '\t' || char === ';')) counts[char]++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Streams RFC 4180 records: quoted fields may span lines and hold doubled
 * quotes; CRLF or LF line ends; a leading BOM is dropped; the delimiter
 * (comma, tab or semicolon) is detected from the first line. A line break
 * inside a quoted field is read as `\n` (CRLF and CR too). Blank lines are
 * skipped. A quote inside an unquoted field is kept as a character, as
 * spreadsheets write it. A quoted field still open at the end of the file
 * throws an InvalidInputError naming the line it opened on, after every
 * record before it has been yielded.
 */
export async function* readCsvRows(text: AsyncIterable<string>, options: { file: string }): AsyncGenerator<CsvRow> {
  let delimiter = -1;
  let headerProbe = '';
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let fieldStarted = false;
  let line = 1;
  let rowLine = 1;
  let pendingCr = false;
  let quotedCr = false;
  let first = true;

  const endRow = (): CsvRow | undefined => {
    fields.push(field);
    const row = fields;
    fields = [];
    field = '';
    fieldStarted = false;
    afterQuote = false;
    const start = rowLine;
    rowLine = line;
    if (row.length === 1 && row[0] === '') return undefined;
    return { fields: row, line: start };
  };

  async function* chunks(): AsyncGenerator<string> {
    // Buffer until the first line is complete so the delimiter can be chosen from it.
    for await (const chunk of text) {
      if (delimiter >= 0) {
        yield chunk;
        continue;
      }
      headerProbe += chunk;
      const newline = headerProbe.search(/\r|\n/);
      if (newline < 0 && headerProbe.length < 1 << 20) continue;
      delimiter = detectDelimiter(headerProbe.slice(0, newline < 0 ? undefined : newline)).charCodeAt(0);
      yield headerProbe;
      headerProbe = '';
    }
    if (delimiter < 0) {
      delimiter = detectDelimiter(headerProbe.split(/\r|\n/, 1)[0] ?? '').charCodeAt(0);
      yield headerProbe;
    }
  }

  for await (let chunk of chunks()) {
    if (first) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const rows: CsvRow[] = [];
    const length = chunk.length;
    let i = 0;
    while (i < length) {
      const code = chunk.charCodeAt(i);
      if (pendingCr) {
        pendingCr = false;
        if (code === LF) {
          i++;
          continue;
        }
      }
      if (quoted) {
        // Fast path: copy up to the next quote in one slice.
        const next = chunk.indexOf('"', i);
        const end = next < 0 ? length : next;
        let piece = chunk.slice(i, end);
        if (quotedCr && piece.charCodeAt(0) === LF) piece = piece.slice(1);
        quotedCr = false;
        if (piece.includes('\r')) {
          // A line break inside a quoted field is \n whatever the file's line ends (\r\n split across chunks too).
          quotedCr = next < 0 && piece.endsWith('\r');
          piece = piece.replace(/\r\n?/g, '\n');
        }
        field += piece;
        for (let k = piece.indexOf('\n'); k >= 0; k = piece.indexOf('\n', k + 1)) line++;
        i = end;
        if (next < 0) break;
        quoted = false;
        afterQuote = true;
        i++;
        continue;
      }
      if (code === QUOTE) {
        if (afterQuote) {
          // A doubled quote inside a quoted field.
          field += '"';
          quoted = true;
          afterQuote = false;
        } else if (!fieldStarted) {
          quoted = true;
          fieldStarted = true;
        } else field += '"';
        i++;
        continue;
      }
      afterQuote = false;
      if (code === delimiter) {
        fields.push(field);
        field = '';
        fieldStarted = false;
        i++;
        continue;
      }
      if (code === LF || code === CR) {
        line++;
        if (code === CR) pendingCr = true;
        const row = endRow();
        if (row) rows.push(row);
        i++;
        continue;
      }
      // Plain run: copy up to the next special character in one slice.
      let end = i + 1;
      while (end < length) {
        const next = chunk.charCodeAt(end);
        if (next === delimiter || next === QUOTE || next === LF || next === CR) break;
        end++;
      }
      field += chunk.slice(i, end);
      fieldStarted = true;
      i = end;
    }
    for (const row of rows) yield row;
  }
  if (quoted) {
    throw new InvalidInputError(`${options.file}: a quoted field opened on line ${rowLine} is never closed: the file is truncated or malformed.`, {
      details: { file: options.file, line: rowLine },
      hint: 'Records before it were read. Export the file again (or close the quote) and re-run the import; nothing is added twice.',
    });
  }
  if (fieldStarted || fields.length > 0 || field !== '') {
    const row = endRow();
    if (row) yield row;
  }
}
