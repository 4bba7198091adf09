import { describe, expect, it } from 'vitest';
import { ledgerPosts, mayaPosts } from '../../../test/helpers/voice-samples.js';
import { AppError } from '../errors.js';
import { shareInWords } from './voice-description.js';
import { buildFingerprint, describeFingerprint, NGRAM_FEATURES } from './voice-fingerprint.js';
import { anatomize } from './voice-text.js';

const samples = (texts: readonly string[]) => texts.map((text) => ({ text }));

describe('anatomize', () => {
  it('reduces links to their host and counts them as 23', () => {
    const post = anatomize('Read this:  http://bbc.in/1KXHq5J\n\nand https://www.Example.com/a/b?c=d');
    expect(post.links.map((link) => link.host)).toEqual(['bbc.in', 'example.com']);
    expect(post.normalized).toBe('Read this: ⟨bbc.in⟩\n\nand ⟨example.com⟩');
    expect(post.length).toBe('Read this:  '.length + 23 + '\n\nand '.length + 23);
  });

  it('finds words, sentences, hashtags, mentions and emoji', () => {
    const post = anatomize("It's live! Thanks @ana 🙌🏽 #Launch. Isn’t it great?");
    expect(post.words).toEqual(["It's", 'live', 'Thanks', 'Isn’t', 'it', 'great']);
    expect(post.sentences.length).toBe(3);
    expect(post.hashtags).toEqual(['Launch']);
    expect(post.mentions).toEqual(['ana']);
    expect(post.emojis).toEqual(['🙌🏽']);
  });
});

describe('buildFingerprint', () => {
  const maya = buildFingerprint(samples(mayaPosts(30)));
  const ledger = buildFingerprint(samples(ledgerPosts(30)));

  it('measures length, emoji, hashtags and links', () => {
    expect(maya.sampleCount).toBe(30);
    expect(maya.length.p10).toBeLessThanOrEqual(maya.length.median);
    expect(maya.length.median).toBeLessThanOrEqual(maya.length.p90);
    expect(maya.emoji.postShare).toBe(0.8);
    expect(maya.emoji.favourites.slice(0, 2).sort()).toEqual(['🙌', '🚀']);
    expect(maya.hashtags.postShare).toBe(0.4);
    expect(maya.hashtags.favourites).toEqual(['buildinpublic']);
    expect(maya.links.postShare).toBe(0);
    expect(ledger.links).toMatchObject({ postShare: 1, perPost: 1, hosts: ['lgr.news'] });
    expect(ledger.emoji.postShare).toBe(0);
  });

  it('measures casing and punctuation', () => {
    expect(maya.casing.lowercaseShare).toBe(1);
    expect(maya.casing.titleCaseShare).toBe(0);
    expect(ledger.casing.titleCaseShare).toBeGreaterThanOrEqual(0.8);
    expect(ledger.casing.lowercaseShare).toBe(0);
    expect(maya.questionShare).toBe(0.2);
    expect(maya.punctuation.emDashShare).toBe(0.4);
    expect(ledger.exclamationShare).toBe(0);
  });

  it('finds openers, sign-offs and recurring phrases', () => {
    expect(maya.openers[0]).toEqual({ text: 'quick thought:', count: 12 });
    expect(maya.signOffs.map((entry) => entry.text).slice(0, 2)).toEqual(['— m', '#buildinpublic']);
    expect(ledger.phrases.map((entry) => entry.text)).toContain('report finds');
    expect(maya.openers.map((entry) => entry.text)).toEqual(['quick thought:', 'hot take:', 'spent the morning', 'today we changed']);
    // Function words are not phrases.
    expect(maya.phrases.every((entry) => !/^(the|of|and) |\s(the|of|and)$/u.test(entry.text))).toBe(true);
  });

  it('is a plain JSON object', () => {
    expect(JSON.parse(JSON.stringify(maya))).toEqual(maya);
  });

  it('keeps its n-gram profile bounded', () => {
    expect(maya.ngrams.ids.length).toBeLessThanOrEqual(NGRAM_FEATURES);
    // Made-up words: far more distinct n-grams than the profile keeps.
    let seed = 7;
    const letter = (): string => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26));
    const word = (): string => Array.from({ length: 3 + (seed % 6) }, letter).join('');
    const many = buildFingerprint(Array.from({ length: 300 }, () => ({ text: Array.from({ length: 12 }, word).join(' ') })));
    expect(many.ngrams.ids.length).toBe(NGRAM_FEATURES);
    expect(many.ngrams.weights.length).toBe(NGRAM_FEATURES);
    expect(many.ngrams.postCounts.every((count) => count >= 1 && count <= 300)).toBe(true);
    // The strongest n-grams come first.
    expect(many.ngrams.weights[0]).toBeGreaterThanOrEqual(many.ngrams.weights.at(-1)!);
  });

  it('works from a single post and ignores blank ones', () => {
    const single = buildFingerprint([{ text: 'hello world 👋' }, { text: '   ' }]);
    expect(single.sampleCount).toBe(1);
    expect(single.length.median).toBe(13);
    expect(single.openers).toEqual([]);
  });

  it('refuses to build from nothing, saying what to do', () => {
    for (const input of [[], [{ text: ' \n' }]]) {
      let caught: unknown;
      try {
        buildFingerprint(input);
      } catch (error) {
        caught = error;
      }
      expect(AppError.isInstance(caught) && caught.code).toBe('invalid_input');
      expect((caught as AppError).hint).toContain('smm import');
    }
  });
});

describe('describeFingerprint', () => {
  it('says the habits in short sentences', () => {
    const lines = describeFingerprint(buildFingerprint(samples(mayaPosts(30))));
    expect(lines[0]).toMatch(/^Usually \d+-\d+ characters \(median \d+\)\.$/u);
    expect(lines).toContainEqual(expect.stringMatching(/^Uses emoji in 8 of 10 posts: favourites (🚀 🙌|🙌 🚀)\.$/u));
    expect(lines).toContain('Hashtags in 1 of 3 posts: #buildinpublic.');
    expect(lines).toContain('Never includes links.');
    expect(lines).toContain('Writes all in lowercase in almost every post.');
    expect(lines.some((line) => line.startsWith("Opens with: 'quick thought:'"))).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThan(140);
  });

  it('names the link host and the headline case of a news voice', () => {
    const lines = describeFingerprint(buildFingerprint(samples(ledgerPosts(30))));
    expect(lines).toContain('Never uses emoji.');
    expect(lines).toContain('Never uses hashtags.');
    expect(lines).toContain('Links in almost every post: mostly lgr.news.');
    expect(lines.some((line) => line.startsWith('Headline Title Case'))).toBe(true);
  });

  it('words shares of posts', () => {
    expect(shareInWords(1)).toBe('in almost every post');
    expect(shareInWords(0.62)).toBe('in 6 of 10 posts');
    expect(shareInWords(0.25)).toBe('in 1 of 4 posts');
    expect(shareInWords(0.01)).toBe('rarely (under 1 in 30 posts)');
  });
});

describe('buildFingerprint figures on small sets', () => {
  it('interpolates the length quantiles between sorted posts', () => {
    const fingerprint = buildFingerprint(samples(['x'.repeat(30), 'x'.repeat(10), 'x'.repeat(40), 'x'.repeat(20)]));
    expect(fingerprint.length).toEqual({ median: 25, p10: 13, p90: 37 });
    expect(fingerprint.sampleCount).toBe(4);
  });

  it('takes sentence medians over posts, words per sentence only over posts with a sentence', () => {
    const fingerprint = buildFingerprint(samples(['One two. Three four five six!', 'ab', '🎉🎉', 'a b c d e f g h i']));
    expect(fingerprint.sentences).toEqual({ perPostMedian: 1, wordsPerSentenceMedian: 3 });
    expect(buildFingerprint(samples(['🎉🎉'])).sentences).toEqual({ perPostMedian: 0, wordsPerSentenceMedian: 0 });
  });

  it('counts capitalised words of two letters or more, per word', () => {
    expect(buildFingerprint(samples(['HELLO Hello big WORLD ok A'])).casing.allCapsWordRate).toBe(0.4);
    expect(buildFingerprint(samples(['🎉🎉'])).casing.allCapsWordRate).toBe(0);
  });

  it('counts lowercase posts from three lowercase letters and no capital', () => {
    expect(buildFingerprint(samples(['abc', 'ab', 'Abcd', 'abcd'])).casing.lowercaseShare).toBe(0.5);
  });

  it('counts Title Case posts from four words and four in five capitalised', () => {
    const fingerprint = buildFingerprint(samples(['Big Red Dog Runs', 'Big Red Dog', 'Alpha Beta Gamma Delta epsilon', 'Alpha Beta Gamma delta epsilon']));
    expect(fingerprint.casing.titleCaseShare).toBe(0.5);
  });

  it('shares posts with a question, an exclamation, a dash between spaces, a line break inside', () => {
    const fingerprint = buildFingerprint(samples(['Why?', 'Wow!', 'wait -- what', 'a--b', 'then — done', '  trail\n', 'line\nbreak']));
    expect(fingerprint.questionShare).toBe(0.143);
    expect(fingerprint.exclamationShare).toBe(0.143);
    expect(fingerprint.punctuation).toEqual({ ellipsisShare: 0, emDashShare: 0.286, lineBreakShare: 0.143 });
  });

  it('averages habits per post', () => {
    expect(buildFingerprint(samples(['#a #b', '#c', 'x'])).hashtags).toEqual({ postShare: 0.667, perPost: 1, favourites: [] });
  });

  it('says what it needs when no sample has text', () => {
    expect(() => buildFingerprint(samples([' ', '']))).toThrow('A voice fingerprint needs at least one past post with text.');
  });
});
