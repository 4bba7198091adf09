import { describe, expect, test } from 'vitest';
import { FORMAT_NAMES, IMPORT_FORMATS, recordRef } from './import-item.js';
import { IMPORTERS } from './importer-registry.js';

describe('recordRef', () => {
  test('names the file, then the line, the 1-based record number and the platform id when known', () => {
    expect(recordRef('data/tweets.js', { line: 120, index: 6, id: '1881497401032388897' })).toBe('data/tweets.js:120 #7 id=1881497401032388897');
    expect(recordRef('outbox.json', { line: 3, index: 0 })).toBe('outbox.json:3 #1');
    expect(recordRef('repo.car', { index: 41, id: 'at://did:plc:x/app.bsky.feed.post/3k' })).toBe('repo.car #42 id=at://did:plc:x/app.bsky.feed.post/3k');
    expect(recordRef('note-tweet.js', { id: '901' })).toBe('note-tweet.js id=901');
    expect(recordRef('Shares.csv', { line: 1 })).toBe('Shares.csv:1');
  });

  test('a missing or empty id adds nothing', () => {
    expect(recordRef('posts.csv', { line: 9, index: 2, id: null })).toBe('posts.csv:9 #3');
    expect(recordRef('posts.csv', { line: 9, index: 2, id: '' })).toBe('posts.csv:9 #3');
    expect(recordRef('posts.csv', {})).toBe('posts.csv');
  });
});

describe('import formats', () => {
  test('every format has an importer and a human name, in the same order', () => {
    expect([...IMPORT_FORMATS]).toEqual(Object.keys(IMPORTERS));
    expect([...IMPORT_FORMATS]).toEqual(Object.keys(FORMAT_NAMES));
    expect(new Set(IMPORT_FORMATS).size).toBe(IMPORT_FORMATS.length);
  });

  test('each human name reads after "it looks like": an article, then what the file is', () => {
    const named: Record<(typeof IMPORT_FORMATS)[number], RegExp> = {
      x: /^an X archive$/,
      linkedin: /^a LinkedIn Shares\.csv$/,
      mastodon: /^a Mastodon outbox\.json$/,
      bluesky: /^a Bluesky post export$/,
      threads: /^a Threads export$/,
      instagram: /^an Instagram export$/,
      facebook: /^a Facebook export$/,
      csv: /^a CSV file of posts$/,
      json: /^a JSON file of posts$/,
      ndjson: /^an NDJSON file of posts$/,
    };
    for (const format of IMPORT_FORMATS) expect(FORMAT_NAMES[format]).toMatch(named[format]);
  });
});
