import { importBlueskyCar } from './bluesky-car.js';
import { looksLikeCar } from './car-reader.js';
import { readHead } from './decode-text.js';
import { asArray, asCount, asObject, asString, importedPost, isEmptyPost, readJsonRecords, toIsoDate } from './import-helpers.js';
import { recordRef, type ImportItem, type Importer } from './import-item.js';

const POST_TYPE = 'app.bsky.feed.post';

/** `at://did/app.bsky.feed.post/rkey` → its parts, or undefined when it is not such a URI. */
export function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | undefined {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri);
  return match ? { did: match[1]!, collection: match[2]!, rkey: match[3]! } : undefined;
}

/** Images, a video or an external card's thumbnail: how many media the post carries. */
function mediaCountOf(embed: Record<string, unknown> | undefined): number {
  if (!embed) return 0;
  const images = asArray(embed['images']);
  if (images.length > 0) return images.length;
  if (embed['video'] !== undefined || asString(embed['$type'])?.startsWith('app.bsky.embed.video')) return 1;
  return mediaCountOf(asObject(embed['media']));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Puts full link addresses back into the text: Bluesky clients shorten a
 * long URL in `text` ("example.com/very-lo...") and keep the address in a
 * link facet (UTF-8 byte offsets). Only such shortened addresses are
 * replaced; words linked to a page stay as written.
 */
export function expandLinkFacets(text: string, facets: unknown): string {
  const replacements: { start: number; end: number; uri: string }[] = [];
  for (const facet of asArray(facets)) {
    const index = asObject(asObject(facet)?.['index']);
    const start = asCount(index?.['byteStart']);
    const end = asCount(index?.['byteEnd']);
    if (start === null || end === null || end <= start) continue;
    for (const feature of asArray(asObject(facet)?.['features'])) {
      const link = asObject(feature);
      const uri = asString(link?.['uri']);
      if (uri && asString(link?.['$type']) === 'app.bsky.richtext.facet#link') replacements.push({ start, end, uri });
    }
  }
  if (replacements.length === 0) return text;
  let bytes = encoder.encode(text);
  for (const { start, end, uri } of replacements.sort((a, b) => b.start - a.start)) {
    if (end > bytes.length) continue;
    const shown = decoder.decode(bytes.subarray(start, end));
    const stem = shown.replace(/(\.\.\.|…)$/, '');
    // Only a shortened address ("example.com/very-lo...") is expanded; words linked to a page stay words.
    if (stem === shown || stem === '' || !(uri.replace(/^https?:\/\//, '').startsWith(stem) || uri.startsWith(stem))) continue;
    const replacement = encoder.encode(uri);
    const next = new Uint8Array(bytes.length - (end - start) + replacement.length);
    next.set(bytes.subarray(0, start), 0);
    next.set(replacement, start);
    next.set(bytes.subarray(end), start + replacement.length);
    bytes = next;
  }
  return decoder.decode(bytes);
}

/**
 * Bluesky posts (`app.bsky.feed.post` records) as a JSON array of records,
 * `{ records: [{ uri, value }] }` (listRecords), `{ feed: [{ post, reason? }] }`
 * (getAuthorFeed), or the repository export `repo.car`. Reposts are skipped
 * as `repost`; replies are kept and marked.
 */
export const importBluesky: Importer = async function* (files) {
  for (const file of files) {
    if (/\.car$/i.test(file.name) || looksLikeCar(await readHead(file.open(), 64))) {
      yield* importBlueskyCar(file, blueskyItem);
      continue;
    }
    for await (const element of readJsonRecords(file, { arrayKeys: ['records', 'feed', 'posts'] })) {
      yield blueskyItem(file.name, element);
    }
  }
};

/** One Bluesky record (a feed item, a `{ uri, value }` pair or a bare record) as an import item. */
export function blueskyItem(file: string, element: { index: number; line?: number; value?: unknown; error?: string }): ImportItem {
  const entry = asObject(element.value);
  const view = asObject(entry?.['post']) ?? (asObject(entry?.['record']) ? entry : undefined); // a feed item, or a post view (search, getPosts)
  const record = asObject(view?.['record']) ?? asObject(entry?.['value']) ?? entry;
  const uri = asString(view?.['uri']) ?? asString(entry?.['uri']) ?? null;
  const parsed = uri ? parseAtUri(uri) : undefined;
  const ref = recordRef(file, { line: element.line, index: element.index, id: uri });
  if (element.error !== undefined) return { kind: 'error', ref, message: element.error };
  if (!record) return { kind: 'error', ref, message: 'the record is not an object' };
  if (asString(asObject(entry?.['reason'])?.['$type'])?.includes('reasonRepost')) return { kind: 'skip', ref, reason: 'repost' };
  const type = asString(record['$type']) ?? parsed?.collection;
  if (type === 'app.bsky.feed.repost') return { kind: 'skip', ref, reason: 'repost' };
  if (type !== undefined && type !== POST_TYPE) return { kind: 'skip', ref, reason: `record-${type.split('.').pop() ?? type}` };
  const rawText = asString(record['text']);
  if (rawText === undefined) return { kind: 'error', ref, message: 'the post record has no text' };
  const text = expandLinkFacets(rawText, record['facets']);
  const mediaCount = mediaCountOf(asObject(record['embed']));
  if (isEmptyPost(text, mediaCount)) return { kind: 'skip', ref, reason: 'empty' };
  const createdAt = asString(record['createdAt']);
  const publishedAt = toIsoDate(createdAt);
  if (createdAt && !publishedAt) return { kind: 'error', ref, message: `createdAt "${createdAt}" is not a date` };
  const reply = asObject(record['reply']);
  const parent = asString(asObject(reply?.['parent'])?.['uri']) ?? null;
  return {
    kind: 'post',
    ref,
    post: importedPost('bluesky', {
      text,
      publishedAt,
      externalId: parsed?.rkey ?? uri,
      url: parsed ? `https://bsky.app/profile/${parsed.did}/post/${parsed.rkey}` : null,
      isReply: reply !== undefined,
      replyToExternalId: parent,
      lang: asString(asArray(record['langs'])[0]) ?? null,
      mediaCount,
      engagement: {
        likes: asCount(view?.['likeCount']),
        reposts: asCount(view?.['repostCount']),
        replies: asCount(view?.['replyCount']),
        impressions: null,
      },
    }),
  };
}
