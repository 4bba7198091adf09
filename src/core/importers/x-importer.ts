import { decodeEntities } from './html-to-text.js';
import { asArray, asCount, asObject, asString, importedPost, isEmptyPost, readJsonRecords } from './import-helpers.js';
import { recordRef, type ImportItem, type Importer } from './import-item.js';
import { NOTE_TWEET_FILE } from './detect-format.js';
import type { ExportFile } from './export-source.js';
import { NoteTweets } from './x-note-tweets.js';

const MONTHS: Readonly<Record<string, string>> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06',
  Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

/** Parses X's `Wed Oct 19 20:07:25 +0000 2022` to ISO-8601; null when it is not that shape. */
export function parseXDate(value: string): string | null {
  const match = /^\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(value.trim());
  if (!match) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  const [, month, day, clock, sign, hours, minutes, year] = match;
  const monthNumber = MONTHS[month ?? ''];
  if (!monthNumber) return null;
  const time = Date.parse(`${year}-${monthNumber}-${day}T${clock}${sign}${hours}:${minutes}`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** X's pseudo language codes (media only, hashtags only, undetermined…) carry no language. */
function languageOf(value: unknown): string | null {
  const lang = asString(value);
  if (!lang || lang === 'und' || lang === 'zxx' || /^q[a-z]{2}$/.test(lang)) return null;
  return lang;
}

/** Orders tweets.js before tweets-part1.js before tweets-part2.js. */
function partNumber(file: ExportFile): number {
  const match = /-part(\d+)\.js$/.exec(file.name);
  return match ? Number(match[1]) : 0;
}

/**
 * The text as the author wrote it: t.co links replaced by their
 * `expanded_url`, the t.co links X appends for attached media removed, and
 * X's HTML escapes (&amp; &lt; &gt;) decoded.
 */
export function tweetText(tweet: Record<string, unknown>): string {
  let text = asString(tweet['full_text']) ?? asString(tweet['text']) ?? '';
  const entities = asObject(tweet['entities']) ?? {};
  for (const url of asArray(entities['urls'])) {
    const link = asObject(url);
    const short = asString(link?.['url']);
    const expanded = asString(link?.['expanded_url']);
    if (short && expanded) text = text.split(short).join(expanded);
  }
  const media = [...asArray(asObject(tweet['extended_entities'])?.['media']), ...asArray(entities['media'])];
  for (const item of media) {
    const short = asString(asObject(item)?.['url']);
    if (short) text = text.split(short).join('');
  }
  return decodeEntities(text).trimEnd();
}

/**
 * X (Twitter) archive: `data/tweets.js` (older `tweet.js`, and
 * `tweets-part1.js`… for large archives), each element `{ "tweet": {...} }`.
 * Retweets are skipped; replies are kept and marked. A long post's whole
 * text comes from `note-tweet.js` (see NoteTweets); a note no tweet was
 * found for is skipped as `note-without-tweet`.
 */
export const importX: Importer = async function* (files) {
  const notes = await NoteTweets.read(files.filter((file) => NOTE_TWEET_FILE.test(file.name)));
  const tweetFiles = files.filter((file) => !NOTE_TWEET_FILE.test(file.name));
  for (const file of [...tweetFiles].sort((a, b) => partNumber(a) - partNumber(b) || a.name.localeCompare(b.name))) {
    for await (const element of readJsonRecords(file, { assignmentPrefix: true })) {
      yield toItem(file.name, element, notes);
    }
  }
  for (const note of notes.unused()) yield { kind: 'skip', ref: recordRef('note-tweet.js', { id: note.id }), reason: 'note-without-tweet' };
};

function toItem(file: string, element: { index: number; line: number; value?: unknown; error?: string }, notes: NoteTweets): ImportItem {
  const wrapper = asObject(element.value);
  const tweet = asObject(wrapper?.['tweet']) ?? wrapper;
  const id = asString(tweet?.['id_str']) ?? asString(tweet?.['id']) ?? null;
  const ref = recordRef(file, { line: element.line, index: element.index, id });
  if (element.error !== undefined) return { kind: 'error', ref, message: element.error };
  if (!tweet) return { kind: 'error', ref, message: 'the record is not an object; expected {"tweet": {...}}' };
  const fullText = asString(tweet['full_text']) ?? asString(tweet['text']);
  if (fullText === undefined) return { kind: 'error', ref, message: 'the tweet has no full_text' };
  if (fullText.startsWith('RT @') || tweet['retweeted_status'] !== undefined) return { kind: 'skip', ref, reason: 'retweet' };
  const createdAt = asString(tweet['created_at']);
  const publishedAt = createdAt ? parseXDate(createdAt) : null;
  if (createdAt && !publishedAt) return { kind: 'error', ref, message: `created_at "${createdAt}" is not a date` };
  const extended = asArray(asObject(tweet['extended_entities'])?.['media']);
  const mediaCount = extended.length > 0 ? extended.length : asArray(asObject(tweet['entities'])?.['media']).length;
  const short = tweetText(tweet);
  const text = notes.fullText(short, publishedAt) ?? short;
  if (isEmptyPost(text, mediaCount)) return { kind: 'skip', ref, reason: 'empty' };
  const replyTo = asString(tweet['in_reply_to_status_id_str']) ?? null;
  return {
    kind: 'post',
    ref,
    post: importedPost('x', {
      text,
      publishedAt,
      externalId: id,
      url: id ? `https://x.com/i/web/status/${id}` : null,
      isReply: replyTo !== null,
      replyToExternalId: replyTo,
      lang: languageOf(tweet['lang']),
      mediaCount,
      engagement: { likes: asCount(tweet['favorite_count']), reposts: asCount(tweet['retweet_count']), replies: null, impressions: null },
    }),
  };
}
