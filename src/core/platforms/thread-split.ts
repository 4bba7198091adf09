import { InvalidInputError } from '../errors.js';
import type { Platform } from './platform-id.js';
import { PLATFORM_RULES } from './platform-rules.js';
import type { RuleOverrides } from './rule-types.js';
import { extractEntities, platformLength } from './text-length.js';
import { graphemesOf, utf8Length } from './text-units.js';

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** From coarse to fine: how a piece that does not fit is cut, and how its pieces are joined back. */
const LEVELS = [
  { name: 'paragraph', joiner: '\n\n' },
  { name: 'line', joiner: '\n' },
  { name: 'sentence', joiner: ' ' },
  { name: 'word', joiner: ' ' },
  { name: 'grapheme', joiner: '' },
] as const;

function linkRanges(text: string): Array<[number, number]> {
  return extractEntities('x', text)
    .filter((entity) => entity.kind === 'link')
    .map((entity) => [entity.start, entity.end]);
}

function cutAt(text: string, boundaries: readonly number[]): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const end of [...boundaries, text.length]) {
    const piece = text.slice(start, end).trim();
    if (piece !== '') pieces.push(piece);
    start = end;
  }
  return pieces;
}

/** Sentences, never cut inside a URL (ICU breaks after the "?" of a query string). */
function sentencesOf(text: string): string[] {
  const links = linkRanges(text);
  const boundaries: number[] = [];
  for (const { index } of sentenceSegmenter.segment(text)) {
    if (index > 0 && !links.some(([start, end]) => index > start && index < end)) boundaries.push(index);
  }
  return cutAt(text, boundaries);
}

/** Graphemes, except that a URL stays one unit. */
function graphemeUnitsOf(word: string): string[] {
  const units: string[] = [];
  let cursor = 0;
  for (const [start, end] of linkRanges(word)) {
    units.push(...graphemesOf(word.slice(cursor, start)), word.slice(start, end));
    cursor = end;
  }
  units.push(...graphemesOf(word.slice(cursor)));
  return units.filter((unit) => unit !== '');
}

function piecesAt(level: number, text: string): string[] {
  switch (LEVELS[level]?.name) {
    case 'paragraph':
      return text.split(/\n[ \t]*\n\s*/u).map((piece) => piece.trim()).filter((piece) => piece !== '');
    case 'line':
      return text.split('\n').map((piece) => piece.trim()).filter((piece) => piece !== '');
    case 'sentence':
      return sentencesOf(text);
    case 'word':
      return text.split(/\s+/u).filter((piece) => piece !== '');
    case 'grapheme':
      return graphemeUnitsOf(text);
    default:
      return [text];
  }
}

/** Greedy packing: fill each part with whole pieces, cutting a piece finer only when it alone does not fit. */
class ThreadPacker {
  readonly parts: string[] = [];
  private current = '';

  constructor(private readonly fits: (candidate: string) => boolean, private readonly tooLong: (piece: string) => Error) {}

  add(piece: string, joiner: string, level: number): void {
    const candidate = this.current === '' ? piece : this.current + joiner + piece;
    if (this.fits(candidate)) {
      this.current = candidate;
      return;
    }
    if (this.current !== '' && this.fits(piece)) {
      this.flush();
      this.current = piece;
      return;
    }
    const finer = LEVELS[level];
    if (finer === undefined) throw this.tooLong(piece);
    const pieces = piecesAt(level, piece);
    pieces.forEach((inner, index) => this.add(inner, index === 0 ? joiner : finer.joiner, level + 1));
  }

  flush(): void {
    if (this.current !== '') this.parts.push(this.current);
    this.current = '';
  }
}

/**
 * Splits a long text into a numbered thread: each part ends with " i/n" and
 * fits the platform's limit as the platform counts it (suffix included). It
 * breaks between paragraphs, then lines, then sentences, then words, and
 * only as a last resort between graphemes; never inside a URL or a grapheme.
 * A text that fits is returned whole, unnumbered; an empty text gives [].
 *
 * @throws InvalidInputError when the platform has no threads and the text is
 *   too long, or when a single URL is longer than one post.
 */
export function splitThread(platform: Platform, text: string, overrides: RuleOverrides = {}): string[] {
  const rule = PLATFORM_RULES[platform];
  const limit = overrides.limit ?? rule.limit;
  const body = text.trim();
  if (body === '') return [];
  const fitsAlone = (candidate: string): boolean =>
    platformLength(platform, candidate) <= limit && (rule.byteLimit === undefined || utf8Length(candidate) <= rule.byteLimit);
  if (fitsAlone(body)) return [body];
  if (!rule.threads) {
    throw new InvalidInputError(`${rule.name} has no threads, and the text is ${platformLength(platform, body)}/${limit} characters long.`, {
      details: { platform, length: platformLength(platform, body), limit },
      hint: `Shorten it to ${limit} characters, or write it for a platform with threads (X, Bluesky, Threads, Mastodon).`,
    });
  }
  const tooLong = (piece: string): Error =>
    new InvalidInputError(`A link of ${platformLength(platform, piece)} characters does not fit in one ${rule.name} post (limit ${limit}).`, {
      details: { platform, link: piece, limit },
      hint: 'Shorten the link (a link shortener, or the page without its query string).',
    });

  // The numbering's width depends on the number of parts: reserve it, and widen it when the parts outnumber it.
  for (let digits = 1; ; digits += 1) {
    const widest = ` ${'9'.repeat(digits)}/${'9'.repeat(digits)}`;
    const packer = new ThreadPacker((candidate) => fitsAlone(candidate + widest), tooLong);
    packer.add(body, '', 0);
    packer.flush();
    const total = packer.parts.length;
    if (total < 10 ** digits) return packer.parts.map((part, index) => `${part} ${index + 1}/${total}`);
  }
}
