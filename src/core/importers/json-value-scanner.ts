/** Character codes of JSON's structural characters, shared by the readers. */
export const QUOTE = 34;
export const BACKSLASH = 92;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const COMMA = 44;
export const COLON = 58;
export const NEWLINE = 10;

/** JSON whitespace (and a stray BOM). */
export function isJsonWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
}

/**
 * Finds where one JSON value ends, across chunk edges, by tracking strings
 * (with escapes) and nesting depth; it does not validate the value (that is
 * JSON.parse's job once the value is cut out). Inside strings it jumps from
 * quote to quote, which keeps the scan near memchr speed.
 */
export class JsonValueScanner {
  private depth = 0;
  private inString = false;
  private escape = false;
  private scalar = false;
  /** Line breaks passed (outside strings) by the last advance. */
  lines = 0;

  /** Starts a value at its first character (which advance will read). */
  begin(firstCode: number): void {
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.scalar = firstCode !== QUOTE && firstCode !== OPEN_BRACE && firstCode !== OPEN_BRACKET;
  }

  /** Scans from `start`; returns the index just past the value's end, or -1 when the chunk ends first. */
  advance(chunk: string, start: number): number {
    const length = chunk.length;
    let i = start;
    this.lines = 0;
    if (this.scalar) {
      // A number or literal ends at the first delimiter, which is not part of it.
      while (i < length) {
        const code = chunk.charCodeAt(i);
        if (code === COMMA || code === CLOSE_BRACKET || code === CLOSE_BRACE || isJsonWhitespace(code)) return i;
        i++;
      }
      return -1;
    }
    let depth = this.depth;
    let inString = this.inString;
    let escape = this.escape;
    let lines = 0;
    let end = -1;
    while (i < length) {
      if (inString) {
        if (escape) {
          escape = false;
          i++;
          continue;
        }
        // Jump to the next quote; it closes the string unless an odd run of backslashes precedes it.
        const quote = chunk.indexOf('"', i);
        const stop = quote < 0 ? length : quote;
        let run = stop;
        while (run > i && chunk.charCodeAt(run - 1) === BACKSLASH) run--;
        const escaped = ((stop - run) & 1) === 1;
        if (quote < 0) {
          escape = escaped;
          i = length;
          break;
        }
        i = quote + 1;
        if (escaped) continue;
        inString = false;
        if (depth === 0) {
          end = i;
          break;
        }
        continue;
      }
      const code = chunk.charCodeAt(i++);
      if (code === QUOTE) inString = true;
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        // Bracket kinds are not matched here: JSON.parse rejects a mismatch.
        if (--depth === 0) {
          end = i;
          break;
        }
      } else if (code === NEWLINE) lines++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escape = escape;
    this.lines = lines;
    return end;
  }
}
