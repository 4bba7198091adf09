import type { Platform } from '../platforms/platform-id.js';
import { asArray, asObject, asString, fromUnixSeconds, importedPost, isEmptyPost, normaliseNewlines, readJsonRecords } from './import-helpers.js';
import { recordRef, type ImportItem, type Importer } from './import-item.js';
import { repairMojibake } from './mojibake-repair.js';

type Element = { index: number; line: number; value?: unknown; error?: string };

/** Meta text: mis-encoded UTF-8 repaired, line ends as LF, trimmed. */
function metaText(value: unknown): string {
  const text = asString(value);
  return text === undefined ? '' : normaliseNewlines(repairMojibake(text)).trim();
}

/** The first non-empty title of a post or of its media items (Instagram and Threads put captions in either). */
function caption(post: Record<string, unknown>, media: Record<string, unknown>[]): string {
  const own = metaText(post['title']);
  if (own !== '') return own;
  for (const item of media) {
    const title = metaText(item['title']);
    if (title !== '') return title;
  }
  return '';
}

function mediaItems(post: Record<string, unknown>): Record<string, unknown>[] {
  return asArray(post['media']).map(asObject).filter((item): item is Record<string, unknown> => item !== undefined);
}

function postItem(platform: Platform, ref: string, text: string, timestamp: unknown, mediaCount: number): ImportItem {
  if (isEmptyPost(text, mediaCount)) return { kind: 'skip', ref, reason: 'empty' };
  const publishedAt = fromUnixSeconds(timestamp);
  if (timestamp !== undefined && publishedAt === null) return { kind: 'error', ref, message: `timestamp ${JSON.stringify(timestamp)} is not a date` };
  return { kind: 'post', ref, post: importedPost(platform, { text, publishedAt, mediaCount }) };
}

function mediaPost(platform: Platform, file: string, element: Element, countMedia: (media: Record<string, unknown>[]) => number): ImportItem {
  const ref = recordRef(file, { line: element.line, index: element.index });
  if (element.error !== undefined) return { kind: 'error', ref, message: element.error };
  const post = asObject(element.value);
  if (!post) return { kind: 'error', ref, message: 'the record is not an object' };
  const media = mediaItems(post);
  const timestamp = post['creation_timestamp'] ?? media[0]?.['creation_timestamp'];
  return postItem(platform, ref, caption(post, media), timestamp, countMedia(media));
}

/** Instagram `posts_1.json` (…_2, …): each post's caption in `title` or its first media `title`. */
export const importInstagram: Importer = async function* (files) {
  for (const file of files) {
    for await (const element of readJsonRecords(file, { arrayKeys: ['ig_posts', 'posts'] })) {
      yield mediaPost('instagram', file.name, element, (media) => media.length);
    }
  }
};

/** Threads `threads_and_replies.json`: `text_post_app_text_posts[]`, text in `title` or `media[].title`. */
export const importThreads: Importer = async function* (files) {
  for (const file of files) {
    for await (const element of readJsonRecords(file, { arrayKeys: ['text_post_app_text_posts'] })) {
      // A text-only Threads post is a media item with an empty uri.
      yield mediaPost('threads', file.name, element, (media) => media.filter((item) => (asString(item['uri']) ?? '') !== '').length);
    }
  }
};

/** Facebook `your_posts_1.json`: `[{ timestamp, data: [{ post }], attachments }]`. */
export const importFacebook: Importer = async function* (files) {
  for (const file of files) {
    for await (const element of readJsonRecords(file, { arrayKeys: ['status_updates_v2', 'posts_v2', 'posts'] })) {
      const ref = recordRef(file.name, { line: element.line, index: element.index });
      if (element.error !== undefined) {
        yield { kind: 'error', ref, message: element.error };
        continue;
      }
      const post = asObject(element.value);
      if (!post) {
        yield { kind: 'error', ref, message: 'the record is not an object' };
        continue;
      }
      const text = asArray(post['data']).map((entry) => metaText(asObject(entry)?.['post'])).find((value) => value !== '') ?? '';
      const mediaCount = asArray(post['attachments'])
        .flatMap((attachment) => asArray(asObject(attachment)?.['data']))
        .filter((entry) => asObject(entry)?.['media'] !== undefined).length;
      yield postItem('facebook', ref, text, post['timestamp'] ?? post['creation_timestamp'], mediaCount);
    }
  }
};
