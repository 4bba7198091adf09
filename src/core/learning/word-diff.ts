/** One place where the two texts differ: words taken out and the words put in their place. */
export interface DiffHunk {
  removed: string[];
  added: string[];
}

/** Longer texts are compared on their first words only: edits are learnt from posts, not articles. */
const MAX_WORDS = 600;

/**
 * The hunks of a word-level diff (longest common subsequence) from `before`
 * to `after`. Adjacent removals and insertions form one hunk, so that a
 * replaced phrase shows as { removed: [...], added: [...] }.
 */
export function diffWords(before: readonly string[], after: readonly string[]): DiffHunk[] {
  const a = before.slice(0, MAX_WORDS);
  const b = after.slice(0, MAX_WORDS);
  const width = b.length + 1;
  // lengths[i * width + j] = LCS length of a[i..] and b[j..].
  const lengths = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const hunks: DiffHunk[] = [];
  let current: DiffHunk | undefined;
  const flush = (): void => {
    if (current && (current.removed.length > 0 || current.added.length > 0)) hunks.push(current);
    current = undefined;
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      i += 1;
      j += 1;
    } else if (j >= b.length || (i < a.length && lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)) {
      current ??= { removed: [], added: [] };
      current.removed.push(a[i]!);
      i += 1;
    } else {
      current ??= { removed: [], added: [] };
      current.added.push(b[j]!);
      j += 1;
    }
  }
  flush();
  return hunks;
}
