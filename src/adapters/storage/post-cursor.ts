import { InvalidInputError } from '../../core/errors.js';

/** Where a page ended: the last post's sort date and id (keyset pagination). */
export interface PostCursor {
  sortAt: string;
  id: number;
}

export function encodeCursor(cursor: PostCursor): string {
  return Buffer.from(JSON.stringify([cursor.sortAt, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): PostCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    !Number.isNaN(Date.parse(value[0])) &&
    Number.isSafeInteger(value[1])
  ) {
    return { sortAt: value[0], id: value[1] as number };
  }
  throw new InvalidInputError('The page cursor is not one this server issued.', {
    hint: "Pass the previous page's nextCursor unchanged, or leave the cursor out to start from the newest post.",
    details: { cursor: text.slice(0, 200) },
  });
}
