import { describe, expect, it } from 'vitest';
import { ledgerPosts, mayaPosts } from '../../../test/helpers/voice-samples.js';
import { buildFingerprint, type VoiceFingerprint } from './voice-fingerprint.js';
import { buildVoiceBackground, readVoiceText, scoreVoice } from './voice-score.js';

const fingerprintOf = (texts: readonly string[]): VoiceFingerprint => buildFingerprint(texts.map((text) => ({ text })));
const maya = fingerprintOf(mayaPosts(40));
const ledger = fingerprintOf(ledgerPosts(40));
// Held-out posts: the same habits, other topic and template combinations.
const heldOutMaya = mayaPosts(12, 101);
const heldOutLedger = ledgerPosts(12, 203);

describe('scoreVoice', () => {
  it("scores a voice's own held-out posts above another voice's", () => {
    for (const text of heldOutMaya) {
      expect(scoreVoice(maya, text).score, text).toBeGreaterThan(scoreVoice(ledger, text).score);
      expect(scoreVoice(maya, text).score, text).toBeGreaterThanOrEqual(50);
      expect(scoreVoice(ledger, text).score, text).toBeLessThan(40);
    }
    for (const text of heldOutLedger) {
      expect(scoreVoice(ledger, text).score, text).toBeGreaterThan(scoreVoice(maya, text).score);
      expect(scoreVoice(ledger, text).score, text).toBeGreaterThanOrEqual(50);
      expect(scoreVoice(maya, text).score, text).toBeLessThan(40);
    }
  });

  it('ranks a text in the voice above the same content in another style', () => {
    const inVoice = 'quick thought: pricing pages are mostly about trust. ship small 🚀 — m';
    const offVoice = 'Pricing Pages Are Mostly About Trust, Experts Say https://lgr.news/x1y2z3';
    expect(scoreVoice(maya, inVoice).score).toBeGreaterThan(scoreVoice(maya, offVoice).score + 30);
  });

  it('is between 0 and 100 and rises with the similarity', () => {
    const texts = [...heldOutMaya, ...heldOutLedger, 'Hello there.', 'a', '🚀🚀🚀', 'x'.repeat(2000)];
    const results = texts.map((text) => scoreVoice(maya, text));
    for (const result of results) {
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(100);
    }
    // Same length bucket: ordering by similarity is ordering by score.
    const withoutLinks = heldOutMaya.concat(heldOutLedger).map((text) => text.replace(/https?:\S+/gu, '').trim());
    const sameLength = withoutLinks.map((text) => scoreVoice(maya, text.slice(0, 50).padEnd(50, '.')));
    const bySimilarity = [...sameLength].sort((a, b) => a.similarity - b.similarity).map((result) => result.score);
    expect(bySimilarity).toEqual([...bySimilarity].sort((a, b) => a - b));
  });

  it('says what differs from the habits', () => {
    const longText = `${heldOutLedger[0]} ${'Officials said the measure would take effect next year. '.repeat(8)}`;
    expect(scoreVoice(ledger, longText).notes.join(' | ')).toMatch(/much longer than usual \(\d+ vs \d+ characters\)/u);
    const tagged = 'Report Finds Hiring Costs Rising #jobs #economy #news https://lgr.news/a1b2c3';
    expect(scoreVoice(ledger, tagged).notes).toContain('3 hashtags; usually none');
    const emoji = 'Report Finds Hiring Costs Rising 🚀🔥 https://lgr.news/a1b2c3';
    expect(scoreVoice(ledger, emoji).notes).toContain('2 emoji; usually none');
    const lowercase = 'report finds hiring costs rising across mid-sized firms https://lgr.news/a1b2c3';
    expect(scoreVoice(ledger, lowercase).notes).toContain('all lowercase; this voice uses capitals');
    const elsewhere = 'Report Finds Hiring Costs Rising Across Mid-Sized Firms https://example.com/story/123';
    expect(scoreVoice(ledger, elsewhere).notes).toContain('links to example.com; this voice links to lgr.news');
    expect(scoreVoice(maya, heldOutMaya[0]!).notes).toEqual([]);
  });

  it('explains a low score by the wording when no habit stands out', () => {
    const result = scoreVoice(maya, 'Regulators Weigh New Rules on Pricing, Sources Say');
    expect(result.score).toBeLessThan(40);
    expect(result.notes.at(-1)).toBe('wording, spelling and punctuation unlike this voice’s past posts');
  });

  it('gives 0 to an empty text', () => {
    expect(scoreVoice(maya, '  ')).toEqual({ score: 0, similarity: 0, notes: ['The text is empty.'] });
  });

  it('scores a stored (JSON round-tripped) fingerprint the same', () => {
    const stored = JSON.parse(JSON.stringify(maya)) as VoiceFingerprint;
    for (const text of heldOutMaya.slice(0, 3)) expect(scoreVoice(stored, text)).toEqual(scoreVoice(maya, text));
  });

  it('scores a text read once like the text itself', () => {
    const text = heldOutLedger[1]!;
    const read = readVoiceText(text);
    expect(scoreVoice(ledger, read)).toEqual(scoreVoice(ledger, text));
    expect(scoreVoice(maya, read)).toEqual(scoreVoice(maya, text));
  });
});

describe('scoreVoice with a workspace background', () => {
  const background = buildVoiceBackground([maya, ledger]);

  it('sums the document frequencies of its profiles', () => {
    expect(background.profiles).toBe(2);
    expect(background.frequencies.documents).toBe(80);
  });

  it('still ranks each voice first on its own posts', () => {
    for (const text of heldOutMaya) expect(scoreVoice(maya, text, background).similarity).toBeGreaterThan(scoreVoice(ledger, text, background).similarity);
    for (const text of heldOutLedger) expect(scoreVoice(ledger, text, background).similarity).toBeGreaterThan(scoreVoice(maya, text, background).similarity);
    expect(scoreVoice(maya, heldOutMaya[0]!, background).score).toBeGreaterThan(50);
  });

  it('falls back to the profile alone when the background has one profile', () => {
    const alone = buildVoiceBackground([maya]);
    expect(scoreVoice(maya, heldOutMaya[2]!, alone)).toEqual(scoreVoice(maya, heldOutMaya[2]!));
  });
});
