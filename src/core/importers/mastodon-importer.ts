import { htmlToText } from './html-to-text.js';
import { asArray, asObject, asString, importedPost, isEmptyPost, readJsonRecords, toIsoDate } from './import-helpers.js';
import { recordRef, type ImportItem, type Importer } from './import-item.js';

const PUBLIC = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);
const POST_TYPES = new Set(['Note', 'Question', 'Article', 'Page']);

/** public, unlisted, followers-only, or direct (only the mentioned actors are addressed). */
export function mastodonVisibility(object: Record<string, unknown>): 'public' | 'unlisted' | 'followers' | 'direct' {
  const to = [object['to']].flat().filter((value): value is string => typeof value === 'string'); // one addressee may be a bare string
  const cc = [object['cc']].flat().filter((value): value is string => typeof value === 'string');
  if (to.some((address) => PUBLIC.has(address))) return 'public';
  if (cc.some((address) => PUBLIC.has(address))) return 'unlisted';
  if ([...to, ...cc].some((address) => address.endsWith('/followers'))) return 'followers';
  return 'direct';
}

/** A status URL may be a string, a Link object or a list of them. */
function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const link = asObject(value) ?? asObject(asArray(value)[0]);
  return asString(link?.['href']) ?? null;
}

/** A poll's choices, as lines under its question, so the post reads as it did. */
function pollChoices(object: Record<string, unknown>): string[] {
  return [...asArray(object['oneOf']), ...asArray(object['anyOf'])]
    .map((choice) => asString(asObject(choice)?.['name']))
    .filter((name): name is string => name !== undefined && name !== '');
}

/**
 * Mastodon `outbox.json` (ActivityStreams): `Create` activities of a Note or
 * a Question (poll) are kept, their HTML turned into plain text; boosts
 * (`Announce`) are skipped as `boost`; direct messages (addressed only to the
 * people they mention) are skipped as `direct-message`: they are not posts.
 */
export const importMastodon: Importer = async function* (files) {
  for (const file of files) {
    for await (const element of readJsonRecords(file, { arrayKeys: ['orderedItems', 'items'] })) {
      yield toItem(file.name, element);
    }
  }
};

function toItem(file: string, element: { index: number; line: number; value?: unknown; error?: string }): ImportItem {
  const activity = asObject(element.value);
  const object = asObject(activity?.['object']);
  const id = asString(object?.['id']) ?? asString(activity?.['id']) ?? null;
  const ref = recordRef(file, { line: element.line, index: element.index, id });
  if (element.error !== undefined) return { kind: 'error', ref, message: element.error };
  if (!activity) return { kind: 'error', ref, message: 'the record is not an ActivityStreams activity object' };
  const type = asString(activity['type']);
  if (type === 'Announce') return { kind: 'skip', ref, reason: 'boost' };
  if (type !== 'Create') return { kind: 'skip', ref, reason: `activity-${(type ?? 'unknown').toLowerCase()}` };
  if (!object) return { kind: 'skip', ref, reason: 'object-not-included' };
  const objectType = asString(object['type']) ?? 'unknown';
  if (!POST_TYPES.has(objectType)) return { kind: 'skip', ref, reason: `object-${objectType.toLowerCase()}` };
  if (mastodonVisibility(object) === 'direct') return { kind: 'skip', ref, reason: 'direct-message' };

  const choices = pollChoices(object);
  const body = htmlToText(asString(object['content']) ?? '');
  const text = choices.length > 0 ? [body, choices.map((choice) => `- ${choice}`).join('\n')].filter(Boolean).join('\n\n') : body;
  const mediaCount = asArray(object['attachment']).length;
  if (isEmptyPost(text, mediaCount)) return { kind: 'skip', ref, reason: 'empty' };
  const published = asString(object['published']) ?? asString(activity['published']);
  const publishedAt = toIsoDate(published);
  if (published && !publishedAt) return { kind: 'error', ref, message: `published "${published}" is not a date` };
  const replyTo = asString(object['inReplyTo']) ?? null;
  const summary = asString(object['summary'])?.trim();
  const languages = Object.keys(asObject(object['contentMap']) ?? {});
  return {
    kind: 'post',
    ref,
    post: importedPost('mastodon', {
      text,
      publishedAt,
      externalId: id,
      url: urlOf(object['url']) ?? id,
      isReply: replyTo !== null,
      replyToExternalId: replyTo,
      lang: languages[0] ?? null,
      mediaCount,
      contentWarning: summary ? summary : null,
    }),
  };
}
