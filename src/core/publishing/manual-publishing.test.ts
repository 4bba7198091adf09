import { describe, expect, it } from 'vitest';
import { manualPublishing } from './manual-publishing.js';

describe('manualPublishing', () => {
  it('gives X a share link with the first part encoded', () => {
    const manual = manualPublishing({ platform: 'x', text: '  Coffee & cake? 50% off  ' });
    expect(manual.parts).toEqual(['Coffee & cake? 50% off']);
    expect(manual.shareUrl).toBe('https://x.com/intent/post?text=Coffee%20%26%20cake%3F%2050%25%20off');
    expect(manual.message).toBe(
      'smm does not publish to X: its API needs an app approved by the platform. Open the link below (it fills in the text) or paste the text yourself, then mark the post published.',
    );
  });

  it('hands over the text to paste on platforms without a share link', () => {
    const manual = manualPublishing({ platform: 'linkedin', text: 'Hiring baristas.' });
    expect(manual).toEqual({
      message: 'smm does not publish to LinkedIn: its API needs an app approved by the platform. Paste the text below into the app, then mark the post published.',
      parts: ['Hiring baristas.'],
      shareUrl: null,
    });
  });

  it('uses the stored parts of a thread, and splits a text too long for one post', () => {
    expect(manualPublishing({ platform: 'x', text: 'ignored', threadParts: ['One.', 'Two.'] })).toMatchObject({ parts: ['One.', 'Two.'], shareUrl: 'https://x.com/intent/post?text=One.' });
    expect(manualPublishing({ platform: 'x', text: 'Just this.', threadParts: [] }).parts).toEqual(['Just this.']);
    const long = Array.from({ length: 12 }, (_, index) => `Sentence ${index} about slow coffee and patience.`).join(' ');
    const parts = manualPublishing({ platform: 'x', text: long }).parts;
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.length <= 280)).toBe(true);
  });

  it('hands over the whole text when it cannot be split', () => {
    // A link too long for one Threads post: no split keeps it whole.
    const link = `https://example.com/${'a'.repeat(600)}`;
    expect(manualPublishing({ platform: 'threads', text: ` See ${link} ` })).toMatchObject({ parts: [`See ${link}`], shareUrl: null });
  });
});
