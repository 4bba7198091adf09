import type { VoiceFingerprint } from './voice-fingerprint.js';

/** X wraps every link in t.co: as a "favourite host" it says nothing about the voice. */
export const WRAPPER_HOSTS: ReadonlySet<string> = new Set(['t.co']);

/** How often, in words: "in almost every post", "in 6 of 10 posts", "in 1 of 4 posts", "rarely (under 1 in 30 posts)". */
export function shareInWords(share: number): string {
  if (share >= 0.95) return 'in almost every post';
  if (share >= 0.5) return `in ${Math.round(share * 10)} of 10 posts`;
  if (share >= 1 / 30) return `in 1 of ${Math.round(1 / share)} posts`;
  return 'rarely (under 1 in 30 posts)';
}

function quoted(values: ReadonlyArray<{ text: string }>, limit: number): string {
  return values
    .slice(0, limit)
    .map((value) => `'${value.text}'`)
    .join(', ');
}

function perPost(value: number): string {
  return value >= 1.5 ? `, about ${Math.round(value)} each time` : '';
}

function habit(name: string, rate: { postShare: number; perPost: number }, favourites: string, never: string): string {
  if (rate.postShare === 0) return never;
  const each = rate.postShare > 0 ? rate.perPost / rate.postShare : 0;
  return `${name} ${shareInWords(rate.postShare)}${perPost(each)}${favourites === '' ? '' : `: ${favourites}`}.`;
}

/**
 * The fingerprint in short sentences a person understands. They also go into
 * the generation prompt, so each is one line and only notable habits are said.
 */
export function describeFingerprint(fingerprint: VoiceFingerprint): string[] {
  const lines: string[] = [];
  const { length, sentences, emoji, hashtags, mentions, links, casing, punctuation } = fingerprint;
  const hosts = links.hosts.filter((host) => !WRAPPER_HOSTS.has(host));

  lines.push(
    length.p10 === length.p90
      ? `Usually about ${length.median} characters.`
      : `Usually ${length.p10}-${length.p90} characters (median ${length.median}).`,
  );
  if (sentences.perPostMedian > 0) {
    const count = sentences.perPostMedian <= 1 ? 'one sentence' : `${Math.round(sentences.perPostMedian)} sentences`;
    lines.push(`Typically ${count} per post, about ${Math.round(sentences.wordsPerSentenceMedian)} words each.`);
  }
  lines.push(habit('Uses emoji', emoji, emoji.favourites.length > 0 ? `favourites ${emoji.favourites.slice(0, 3).join(' ')}` : '', 'Never uses emoji.'));
  lines.push(habit('Hashtags', hashtags, hashtags.favourites.slice(0, 3).map((tag) => `#${tag}`).join(' '), 'Never uses hashtags.'));
  if (mentions.postShare > 0) lines.push(habit('Mentions others', mentions, mentions.favourites.slice(0, 3).map((name) => `@${name}`).join(' '), ''));
  lines.push(
    links.postShare === 0
      ? 'Never includes links.'
      : habit('Links', links, hosts.length > 0 ? `mostly ${hosts.slice(0, 2).join(', ')}` : '', ''),
  );
  if (fingerprint.questionShare >= 0.05) lines.push(`Asks a question ${shareInWords(fingerprint.questionShare)}.`);
  if (fingerprint.exclamationShare >= 0.05) lines.push(`Exclamation marks ${shareInWords(fingerprint.exclamationShare)}.`);
  else if (fingerprint.sampleCount >= 10 && fingerprint.exclamationShare === 0) lines.push('Never uses exclamation marks.');
  if (casing.lowercaseShare >= 0.2) lines.push(`Writes all in lowercase ${shareInWords(casing.lowercaseShare)}.`);
  if (casing.titleCaseShare >= 0.3) lines.push(`Headline Title Case ${shareInWords(casing.titleCaseShare)}.`);
  if (casing.allCapsWordRate >= 0.03) lines.push(`Puts words in CAPITALS now and then (1 word in ${Math.round(1 / casing.allCapsWordRate)}).`);
  if (punctuation.ellipsisShare >= 0.05) lines.push(`Ellipses (…) ${shareInWords(punctuation.ellipsisShare)}.`);
  if (punctuation.emDashShare >= 0.05) lines.push(`Dashes (—) ${shareInWords(punctuation.emDashShare)}.`);
  if (punctuation.lineBreakShare >= 0.1) lines.push(`Line breaks ${shareInWords(punctuation.lineBreakShare)}.`);
  if (fingerprint.openers.length > 0) lines.push(`Opens with: ${quoted(fingerprint.openers, 3)}.`);
  if (fingerprint.signOffs.length > 0) lines.push(`Ends with: ${quoted(fingerprint.signOffs, 3)}.`);
  if (fingerprint.phrases.length > 0) lines.push(`Frequent phrases: ${quoted(fingerprint.phrases, 5)}.`);
  return lines.filter((line) => line !== '');
}
