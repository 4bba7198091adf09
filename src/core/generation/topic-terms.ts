/** Words too common to find anything in a full-text search. English, plus a few French and Spanish ones. */
const STOPWORDS = new Set(
  (
    'a about above after again all also an and any are as at be because been before being below between both but by can ' +
    'could did do does doing down during each few for from further had has have having he her here hers him his how i if ' +
    'in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same ' +
    'she should so some such than that the their theirs them then there these they this those through to too under until ' +
    'up very was we were what when where which while who whom why will with would you your yours write post posts about ' +
    'new get make like le la les des du de et un une pour sur dans el los las por para con una'
  ).split(' '),
);

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * The words of a topic worth searching for: lowercased, without stop words
 * or very short words, longest first (longer words are usually rarer and say
 * more), at most `limit`. CJK runs, which have no spaces, are kept as
 * overlapping two-character pieces.
 */
export function salientTerms(topic: string, limit = 8): string[] {
  const terms = new Set<string>();
  const lower = topic.toLowerCase().normalize('NFC');
  for (const word of lower.replace(CJK_RUN, ' ').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []) {
    const clean = word.replace(/['’-]+$/u, '');
    if (clean.length >= 3 && !STOPWORDS.has(clean)) terms.add(clean);
  }
  for (const run of lower.match(CJK_RUN) ?? []) {
    for (let index = 0; index + 2 <= run.length; index += 1) terms.add(run.slice(index, index + 2));
  }
  return [...terms].sort((a, b) => b.length - a.length).slice(0, limit);
}

/** A full-text query matching any of the terms, each quoted so that none is read as an operator. */
export function anyOfQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replace(/"/g, '')}"`).join(' OR ');
}
