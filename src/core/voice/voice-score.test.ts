import { describe, expect, it } from 'vitest';
import { ledgerPosts, mayaPosts } from '../../../test/helpers/voice-samples.js';
import { buildFingerprint, type VoiceFingerprint } from './voice-fingerprint.js';
import { buildVoiceBackground, readVoiceText, scoreVoice } from './voice-score.js';
import { idfTable, ownFrequencies, weightedCentroid, weightedCosine } from './ngram-profile.js';
import { styleDeviation } from './voice-style.js';

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

describe('scoreVoice, exactly', () => {
  const SCORED = ['logLength', 'upperRatio', 'titleCaseShare', 'hashtags', 'mentions', 'links', 'emoji', 'lineBreaks'] as const;

  /** The similarity by its definition: own-IDF cosine minus 0.01 × the mean squared capped style z-score. */
  function ownSimilarity(fingerprint: VoiceFingerprint, text: string): number {
    const read = readVoiceText(text);
    const idf = idfTable(ownFrequencies(fingerprint.ngrams, fingerprint.sampleCount), 0.5);
    const cosine = weightedCosine(read.vector, idf, weightedCentroid(fingerprint.ngrams, idf));
    const distance = SCORED.reduce((sum, feature) => sum + Math.min(4, Math.abs(styleDeviation(read.style[feature], fingerprint.style[feature], feature))) ** 2, 0) / SCORED.length;
    return cosine - 0.01 * distance;
  }

  /** The own-background calibration: centre 0.318 shifted by 0.03 per e-fold of length from 120 (clamped to 20-1000), slope 32. */
  function ownScore(similarity: number, length: number): number {
    const clamped = Math.min(1000, Math.max(20, length));
    const center = 0.318 + 0.03 * Math.log((clamped + 1) / 121);
    return Math.round((100 / (1 + Math.exp(-32 * (similarity - center)))) * 10) / 10;
  }

  it('is the cosine minus the style distance, calibrated by the text’s clamped length', () => {
    const texts = [
      'ship it 🚀', // shorter than 20 characters
      heldOutMaya[0] as string,
      'REPORT FINDS HIRING COSTS RISING #jobs #economy #news @desk @desk2 https://lgr.news/a1b2c3 🚀🔥🔥',
      `${heldOutMaya[1]} ${'and then some more words about pricing and trust. '.repeat(30)}`, // longer than 1000
    ];
    for (const text of texts) {
      const result = scoreVoice(maya, text);
      expect(result.similarity, text).toBeCloseTo(ownSimilarity(maya, text), 12);
      expect(result.score, text).toBe(ownScore(result.similarity, readVoiceText(text).anatomy.length));
    }
    expect(readVoiceText(texts[0] as string).anatomy.length).toBeLessThan(20);
    expect(readVoiceText(texts[3] as string).anatomy.length).toBeGreaterThan(1000);
  });

  it('uses a background of two profiles (and not the profile alone)', () => {
    const background = buildVoiceBackground([maya, ledger]);
    const text = heldOutMaya[3] as string;
    expect(scoreVoice(maya, text, background).similarity).not.toBeCloseTo(scoreVoice(maya, text).similarity, 6);
  });

  it('adds up each n-gram’s post counts over the profiles', () => {
    const background = buildVoiceBackground([maya, ledger]);
    const countIn = (fingerprint: VoiceFingerprint, id: number): number => fingerprint.ngrams.postCounts[fingerprint.ngrams.ids.indexOf(id)] ?? 0;
    const shared = [...maya.ngrams.ids].filter((id) => ledger.ngrams.ids.includes(id));
    expect(shared.length).toBeGreaterThan(0);
    for (const id of shared.slice(0, 20)) expect(background.frequencies.counts.get(id)).toBe(countIn(maya, id) + countIn(ledger, id));
    const own = [...maya.ngrams.ids].find((id) => !ledger.ngrams.ids.includes(id)) as number;
    expect(background.frequencies.counts.get(own)).toBe(countIn(maya, own));
    expect(background.frequencies.documents).toBe(maya.sampleCount + ledger.sampleCount);
    expect(buildVoiceBackground([])).toEqual({ profiles: 0, frequencies: { documents: 0, counts: new Map() } });
  });
});
