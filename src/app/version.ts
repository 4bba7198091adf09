import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.js';

let cached: string | undefined;

/**
 * smm's version, read once from its package.json: the one version string
 * shown by `smm --version`, the OpenAPI document, the MCP server and the
 * /v1 assistant.
 */
export function smmVersion(): string {
  if (cached === undefined) {
    const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof manifest.version !== 'string') throw new Error('smm\'s package.json has no "version".');
    cached = manifest.version;
  }
  return cached;
}
