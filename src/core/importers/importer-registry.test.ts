import { describe, expect, test } from 'vitest';
import { importBluesky } from './bluesky-importer.js';
import { IMPORT_FORMATS } from './import-item.js';
import { IMPORTERS, platformOfFormat } from './importer-registry.js';
import { importLinkedIn } from './linkedin-importer.js';
import { importMastodon } from './mastodon-importer.js';
import { importFacebook, importInstagram, importThreads } from './meta-importers.js';
import { importCsv, importJson, importNdjson } from './tabular-importer.js';
import { importX } from './x-importer.js';

describe('IMPORTERS', () => {
  test('each format is read by its own importer', () => {
    expect(IMPORTERS).toEqual({
      x: importX,
      linkedin: importLinkedIn,
      mastodon: importMastodon,
      bluesky: importBluesky,
      threads: importThreads,
      instagram: importInstagram,
      facebook: importFacebook,
      csv: importCsv,
      json: importJson,
      ndjson: importNdjson,
    });
    expect(Object.keys(IMPORTERS).sort()).toEqual([...IMPORT_FORMATS].sort());
    expect(new Set(Object.values(IMPORTERS)).size).toBe(IMPORT_FORMATS.length);
  });
});

describe('platformOfFormat', () => {
  test.each(['x', 'linkedin', 'mastodon', 'bluesky', 'threads', 'instagram', 'facebook'] as const)('a %s export holds %s posts', (format) => {
    expect(platformOfFormat(format)).toBe(format);
  });

  test.each(['csv', 'json', 'ndjson'] as const)('plain %s has no platform of its own (each row says)', (format) => {
    expect(platformOfFormat(format)).toBeUndefined();
  });
});
