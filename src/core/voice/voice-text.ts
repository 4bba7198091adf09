import twitter from 'twitter-text';
import { countGraphemes, emojisOf } from '../platforms/text-units.js';

/** A link's written form and its host, e.g. "bbc.in" for "http://bbc.in/1KXHq5J". */
export interface TextLink {
  url: string;
  host: string;
  start: number;
  end: number;
}

/**
 * What the voice model reads in one post. Hosts are kept and paths dropped:
 * a short-link domain (bbc.in, cnn.it) is a strong trace of who wrote a post,
 * while a path is random.
 */
export interface PostAnatomy {
  text: string;
  /** The text with each link replaced by " ⟨host⟩ ", spaces collapsed, line breaks kept. */
  normalized: string;
  /** The text without its links, hashtags kept. */
  prose: string;
  links: TextLink[];
  hashtags: string[];
  mentions: string[];
  emojis: string[];
  /** Words of the prose (letters and digits, apostrophes inside), as written. */
  words: string[];
  sentences: string[];
  /** Length in graphemes with each link counted as 23 (what X and Mastodon count). */
  length: number;
}

const LINK_WEIGHT = 23;
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’_-]*/gu;

/** The host of a URL as written (scheme, "www." and path removed), lowercased. */
export function hostOf(url: string): string {
  const withoutScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//iu, '').replace(/^www\./iu, '');
  return (withoutScheme.split(/[/?#:]/u)[0] ?? '').toLowerCase();
}

/** Finds the links of a text, with or without a scheme (twitter-text's extractor). */
export function linksOf(text: string): TextLink[] {
  return twitter.extractUrlsWithIndices(text).map(({ url, indices }) => ({ url, host: hostOf(url), start: indices[0], end: indices[1] }));
}

function replaceLinks(text: string, links: readonly TextLink[], replacement: (link: TextLink) => string): string {
  let result = '';
  let cursor = 0;
  for (const link of links) {
    result += text.slice(cursor, link.start) + replacement(link);
    cursor = link.end;
  }
  return result + text.slice(cursor);
}

/** Reads one post for the voice model. */
export function anatomize(text: string): PostAnatomy {
  const links = linksOf(text);
  const normalized = replaceLinks(text, links, (link) => ` \u27e8${link.host}\u27e9 `)
    .replace(/\r\n?/gu, '\n')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/ ?\n ?/gu, '\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
  const prose = replaceLinks(text, links, () => ' ').replace(/[^\S\n]+/gu, ' ').trim();
  const withoutTags = prose.replace(/[#@][\p{L}\p{N}_.]+/gu, ' ');
  const sentences: string[] = [];
  for (const { segment } of sentenceSegmenter.segment(prose)) {
    if (/[\p{L}\p{N}]/u.test(segment)) sentences.push(segment.trim());
  }
  return {
    text,
    normalized,
    prose,
    links,
    hashtags: twitter.extractHashtags(text),
    mentions: twitter.extractMentions(text),
    emojis: emojisOf(text),
    words: withoutTags.match(WORD) ?? [],
    sentences,
    length: countGraphemes(replaceLinks(text, links, () => 'x'.repeat(LINK_WEIGHT)).trim()),
  };
}
