import { describe, expect, it } from 'vitest';
import { PLATFORMS } from './platform-id.js';
import { PLATFORM_RULES } from './platform-rules.js';
import { extractEntities, measure, platformLength } from './text-length.js';
import { countGraphemes, emojisOf, utf8Length } from './text-units.js';

const THUMB_MEDIUM = '👍🏽'; // thumbs up + skin tone: 4 UTF-16 units, 1 grapheme
const FAMILY = '👨‍👩‍👧'; // man ZWJ woman ZWJ girl: 8 UTF-16 units, 1 grapheme
const FLAG = '🇫🇷';

describe('platform rules', () => {
  it('has a rule with a source and a description for every platform', () => {
    for (const platform of PLATFORMS) {
      const rule = PLATFORM_RULES[platform];
      expect(rule.platform).toBe(platform);
      expect(rule.limit).toBeGreaterThan(0);
      expect(rule.sources.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(20);
    }
    expect(PLATFORMS.filter((platform) => PLATFORM_RULES[platform].threads).sort()).toEqual(['bluesky', 'mastodon', 'threads', 'x']);
  });
});

describe('text units', () => {
  it('counts graphemes, not UTF-16 units', () => {
    expect(THUMB_MEDIUM.length).toBe(4);
    expect(countGraphemes(THUMB_MEDIUM)).toBe(1);
    expect(countGraphemes(FAMILY)).toBe(1);
    expect(countGraphemes(`a${FLAG}b\r\n`)).toBe(4);
    expect(countGraphemes('e\u0301')).toBe(1);
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('日')).toBe(3);
    expect(utf8Length(THUMB_MEDIUM)).toBe(8);
  });

  it('finds emoji but not text-style symbols', () => {
    expect(emojisOf(`Launch ${THUMB_MEDIUM} ${FAMILY} ${FLAG} © 2026 ™ 1️⃣`)).toEqual([THUMB_MEDIUM, FAMILY, FLAG, '1️⃣']);
    expect(emojisOf('plain text: 100% (ok)')).toEqual([]);
  });
});

describe('measure on X', () => {
  it('weighs an emoji sequence with skin tone or ZWJ as 2', () => {
    expect(measure('x', THUMB_MEDIUM).length).toBe(2);
    expect(measure('x', FAMILY).length).toBe(2);
    expect(measure('x', `hi ${THUMB_MEDIUM}`).length).toBe(5);
  });

  it('weighs CJK as 2 and Latin as 1', () => {
    expect(measure('x', '日本語').length).toBe(6);
    expect(measure('x', 'café').length).toBe(4);
  });

  it('counts every URL as 23, with or without a scheme', () => {
    const long = `https://example.com/${'a'.repeat(100)}`;
    expect(measure('x', long).length).toBe(23);
    expect(measure('x', 'see bbc.in/1KXHq5J').length).toBe(4 + 23);
    const measured = measure('x', `Read ${long} now`);
    expect(measured.length).toBe(5 + 23 + 4);
    expect(measured.links).toEqual([long]);
    expect(measured.unit).toBe('weighted');
    expect(measured.limit).toBe(280);
  });

  it('applies a limit override (paid accounts)', () => {
    expect(measure('x', 'hello', { limit: 25_000 }).limit).toBe(25_000);
  });

  it('extracts hashtags, links and mentions in text order', () => {
    const measured = measure('x', '@alice meet #TypeScript at https://ts.dev #ESM');
    expect(measured.mentions).toEqual(['alice']);
    expect(measured.hashtags).toEqual(['TypeScript', 'ESM']);
    expect(measured.links).toEqual(['https://ts.dev']);
  });
});

describe('measure on Bluesky', () => {
  it('counts graphemes: an emoji with skin tone or ZWJ is 1', () => {
    expect(measure('bluesky', THUMB_MEDIUM).length).toBe(1);
    expect(measure('bluesky', `${FAMILY}${FAMILY}`).length).toBe(2);
  });

  it('reports 300 graphemes and 3,000 bytes separately', () => {
    // 300 family emoji: 300 graphemes (at the limit) but 300 × 18 bytes.
    const text = FAMILY.repeat(300);
    const measured = measure('bluesky', text);
    expect(measured.length).toBe(300);
    expect(measured.limit).toBe(300);
    expect(measured.bytes).toBe(5400);
    expect(measured.byteLimit).toBe(3000);
  });

  it('counts a URL as written and finds domain handles', () => {
    const url = `https://example.com/${'a'.repeat(50)}`;
    const measured = measure('bluesky', `${url} cc @alice.bsky.social`);
    expect(measured.length).toBe(url.length + 4 + 18);
    expect(measured.mentions).toEqual(['alice.bsky.social']);
  });
});

describe('measure on Mastodon', () => {
  it('counts a URL as 23 and a remote mention as @user', () => {
    const url = `https://example.org/${'p'.repeat(60)}`;
    const text = `Thanks @gargron@mastodon.social for ${url}`;
    const measured = measure('mastodon', text);
    expect(measured.length).toBe('Thanks @gargron for '.length + 23);
    expect(measured.mentions).toEqual(['gargron@mastodon.social']);
    expect(measured.links).toEqual([url]);
  });

  it('does not treat a bare domain as a link (Mastodon links only URLs with a scheme)', () => {
    expect(measure('mastodon', 'see example.com/page').length).toBe(20);
    expect(measure('mastodon', 'see example.com/page').links).toEqual([]);
  });

  it('counts emoji as graphemes and keeps a local mention', () => {
    expect(measure('mastodon', `@bob ${FAMILY}`).length).toBe(6);
    expect(measure('mastodon', `@bob ${FAMILY}`).mentions).toEqual(['bob']);
  });

  it("applies a server's max_characters", () => {
    expect(measure('mastodon', 'x', { limit: 1000 }).limit).toBe(1000);
  });
});

describe('measure on Meta platforms and LinkedIn', () => {
  it('counts graphemes against each limit', () => {
    const text = `Hello ${THUMB_MEDIUM} 日本`;
    for (const [platform, limit] of [['threads', 500], ['instagram', 2200], ['linkedin', 3000], ['facebook', 63206]] as const) {
      const measured = measure(platform, text);
      expect(measured.length).toBe(10);
      expect(measured.limit).toBe(limit);
      expect(measured.bytes).toBeUndefined();
    }
  });
});

describe('extractEntities', () => {
  it('gives UTF-16 ranges that slice the text back', () => {
    const text = `${FAMILY} #café @bob https://a.example.com/x`;
    for (const entity of extractEntities('x', text)) {
      const written = text.slice(entity.start, entity.end);
      expect(written.endsWith(entity.value)).toBe(true);
    }
  });

  it('does not take a hashtag or a mention inside a URL', () => {
    const entities = extractEntities('x', 'https://example.com/page#section and https://x.com/@someone');
    expect(entities.map((entity) => entity.kind)).toEqual(['link', 'link']);
  });
});

describe('links, mentions and hashtags per platform', () => {
  it('takes a bare domain as a link everywhere but on Mastodon', () => {
    expect(measure('x', 'see example.com/page').links).toEqual(['example.com/page']);
    expect(measure('bluesky', 'see example.com/page').links).toEqual(['example.com/page']);
    expect(measure('linkedin', 'see example.com/page').links).toEqual(['example.com/page']);
  });

  it('does not take a Mastodon or Bluesky mention written inside a link', () => {
    expect(measure('mastodon', 'https://example.com/path,@alice x').mentions).toEqual([]);
    expect(measure('mastodon', 'https://example.com/path,@alice x').length).toBe(23 + 2);
    expect(measure('bluesky', 'https://example.com/p, @alice.bsky.social').mentions).toEqual(['alice.bsky.social']);
  });

  it('counts a Mastodon hashtag as written', () => {
    expect(measure('mastodon', '#DataScience rocks').length).toBe(18);
    expect(measure('mastodon', '#DataScience rocks').hashtags).toEqual(['DataScience']);
  });

  it('counts every Mastodon URL as 23 and each remote mention as its local part, however many', () => {
    const text = '@a@one.example and @b@two.example read https://example.com/1 and http://example.org/a/long/path';
    expect(measure('mastodon', text).length).toBe('@a and @b read '.length + 23 + ' and '.length + 23);
    expect(platformLength('mastodon', text)).toBe(measure('mastodon', text).length);
  });

  it('sorts the entities of every kind by where they start', () => {
    const entities = extractEntities('x', '#first @second https://third.com #fourth');
    expect(entities.map((entity) => [entity.kind, entity.value])).toEqual([
      ['hashtag', 'first'],
      ['mention', 'second'],
      ['link', 'https://third.com'],
      ['hashtag', 'fourth'],
    ]);
    expect(entities.map((entity) => entity.start)).toEqual([0, 7, 15, 33]);
  });
});

describe('platformLength', () => {
  it('counts as measure does, finding the entities itself when none are given', () => {
    expect(platformLength('x', '日本 https://example.com/a')).toBe(4 + 1 + 23);
    expect(platformLength('mastodon', 'see https://example.com/a/very/long/path/indeed')).toBe(4 + 23);
    expect(platformLength('bluesky', 'see https://example.com/a')).toBe(25);
    expect(platformLength('threads', `Hi ${THUMB_MEDIUM}`)).toBe(4);
  });
});
