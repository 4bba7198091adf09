import { hasUsableText } from '../../core/posts/index.js';
/**
 * A user's search text, parsed once and safely: words, "quoted phrases",
 * -exclusions and OR between terms. Nothing the user types reaches the
 * database as syntax: every term becomes a quoted phrase of word tokens
 * (or, for terms with no letters or digits such as an emoji, a LIKE pattern
 * with its wildcards escaped).
 */

/** Letters, digits, marks and private-use characters make words; everything else separates them. */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
/** Scripts written without spaces between words: each character becomes a token of its own. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;

export interface SearchTerm {
  /** The word tokens of the term, lowercased; empty for a term of symbols only (matched as a substring). */
  tokens: string[];
  /** The term as typed (without its quotes and minus sign). */
  raw: string;
}

export interface ParsedSearch {
  /** Every group must match; a group matches when any of its terms does (terms joined by OR). */
  groups: SearchTerm[][];
  /** No term here may match. */
  excluded: SearchTerm[];
}

/**
 * Spaces out Chinese and Japanese characters so that a word tokenizer indexes
 * each as a token; a search for 中文 then matches as the phrase "中 文".
 * Applied to stored text and queries alike. (The FTS5 trigram tokenizer would
 * also find CJK, but triples the index, slows imports and cannot match terms
 * shorter than three characters.) Known limit: Thai, Lao, Khmer and Burmese,
 * also written without spaces, are not segmented, so only whole space-separated
 * runs match; Korean is spaced by words and works, particles attached.
 */
export function segmentForSearch(text: string): string {
  return text.replace(UNSPACED, ' $& ');
}

/**
 * What the search index holds for a post: its segmented text, or nothing
 * when the post has no words (hasUsableText: a photo-only post, a bare link,
 * a separator line), so such posts never come up in search results.
 */
export function indexedText(text: string): string {
  return hasUsableText(text) ? segmentForSearch(text) : '';
}

export function searchTokens(text: string): string[] {
  return (segmentForSearch(text).toLowerCase().match(TOKEN) ?? []).slice();
}

const LEXEME = /(-?)"([^"]*)"?|(\S+)/g;

export function parseSearch(input: string): ParsedSearch {
  const groups: SearchTerm[][] = [];
  const excluded: SearchTerm[] = [];
  let joinNext = false;
  for (const match of input.matchAll(LEXEME)) {
    const [, minus, quoted, bare] = match;
    let negative = minus === '-';
    let raw = quoted ?? bare ?? '';
    if (quoted === undefined) {
      if (raw === 'OR') {
        joinNext = groups.length > 0;
        continue;
      }
      if (raw.startsWith('-') && raw.length > 1) {
        negative = true;
        raw = raw.slice(1);
      }
      raw = raw.replace(/"/g, '');
    }
    raw = raw.trim();
    if (raw === '' || raw === '-') continue;
    const term: SearchTerm = { tokens: searchTokens(raw), raw };
    if (negative) {
      excluded.push(term);
      joinNext = false;
    } else if (joinNext) {
      groups[groups.length - 1]?.push(term);
      joinNext = false;
    } else {
      groups.push([term]);
    }
  }
  return { groups, excluded };
}

export function isEmptySearch(search: ParsedSearch): boolean {
  return search.groups.length === 0 && search.excluded.length === 0;
}

/** A term as an FTS5 phrase restricted to the body column. Tokens hold no quotes; doubling is belt and braces. */
export function fts5Phrase(term: SearchTerm): string {
  return `body : "${term.tokens.join(' ').replace(/"/g, '""')}"`;
}

/** The FTS5 token that scopes a search to one profile (stored in the `scope` column). */
export function profileScopeToken(profileId: number): string {
  return `p${profileId}`;
}

/** A term as websearch_to_tsquery input: a quoted phrase of its tokens. */
export function websearchPhrase(term: SearchTerm): string {
  return `"${term.tokens.join(' ')}"`;
}

/** A LIKE pattern matching the term anywhere, with %, _ and \ escaped (use with ESCAPE '\'). */
export function likePattern(term: SearchTerm): string {
  return `%${term.raw.replace(/[\\%_]/g, '\\$&')}%`;
}
