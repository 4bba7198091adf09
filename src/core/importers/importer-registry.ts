import type { Platform } from '../platforms/platform-id.js';
import { importBluesky } from './bluesky-importer.js';
import type { ImportFormat, Importer } from './import-item.js';
import { importLinkedIn } from './linkedin-importer.js';
import { importMastodon } from './mastodon-importer.js';
import { importFacebook, importInstagram, importThreads } from './meta-importers.js';
import { importCsv, importJson, importNdjson } from './tabular-importer.js';
import { importX } from './x-importer.js';

/** The importer of each format. */
export const IMPORTERS: Readonly<Record<ImportFormat, Importer>> = {
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
};

/** The platform a platform export's posts belong to; undefined for plain csv/json/ndjson (each row says). */
export function platformOfFormat(format: ImportFormat): Platform | undefined {
  return format === 'csv' || format === 'json' || format === 'ndjson' ? undefined : format;
}
