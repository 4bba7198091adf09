import { describe, expect, it } from 'vitest';
import { fts5Phrase, likePattern, parseSearch, searchTokens, segmentForSearch, websearchPhrase } from './search-query.js';

describe('parseSearch', () => {
  it('reads words, quoted phrases, exclusions and OR', () => {
    const parsed = parseSearch('coffee "new blend" -tea -"green tea" launch OR release');
    expect(parsed.groups.map((group) => group.map((term) => term.tokens))).toEqual([[['coffee']], [['new', 'blend']], [['launch'], ['release']]]);
    expect(parsed.excluded.map((term) => term.tokens)).toEqual([['tea'], ['green', 'tea']]);
  });

  it('lowercases, splits on punctuation and keeps marks inside words', () => {
    expect(searchTokens("Don't STOP—café नमस्ते")).toEqual(['don', 't', 'stop', 'café', 'नमस्ते']);
  });

  it('makes each Chinese or Japanese character a token so a word matches as a phrase', () => {
    expect(segmentForSearch('新咖啡 today')).toBe(' 新  咖  啡  today');
    expect(searchTokens('咖啡カフェ')).toEqual(['咖', '啡', 'カ', 'フ', 'ェ']);
    expect(fts5Phrase(parseSearch('咖啡').groups[0]![0]!)).toBe('body : "咖 啡"');
  });

  it('keeps symbol-only terms (emoji) as substrings, escaping LIKE wildcards', () => {
    const [term] = parseSearch('👩🏽‍💻').groups[0]!;
    expect(term).toEqual({ tokens: [], raw: '👩🏽‍💻' });
    expect(likePattern({ tokens: [], raw: '50%_off\\' })).toBe('%50\\%\\_off\\\\%');
  });

  it('never lets a quote, operator or column name through as syntax', () => {
    const parsed = parseSearch('"unbalanced NEAR(x) scope:p1 body:"x" AND');
    const phrases = parsed.groups.flat().map(fts5Phrase);
    for (const phrase of phrases) expect(phrase).toMatch(/^body : "[^"]*"$/);
    expect(parsed.groups.flat().map(websearchPhrase).join(' ')).not.toMatch(/[():*^]/);
  });

  it('ignores empty quotes, a lone minus and a leading or trailing OR', () => {
    expect(parseSearch('"" - OR')).toEqual({ groups: [], excluded: [] });
    expect(parseSearch('tea OR').groups).toHaveLength(1);
    expect(parseSearch('OR tea').groups).toHaveLength(1);
  });
});
