import { generationOperations } from './generation-operations.js';
import { importExportOperations } from './import-export-operations.js';
import { maintenanceOperations } from './maintenance-operations.js';
import type { AnyOperation } from './operation.js';
import { postOperations } from './post-operations.js';
import { profileOperations } from './profile-operations.js';
import { publishingOperations } from './publishing-operations.js';
import { voiceGuidanceOperations } from './voice-guidance-operations.js';

/**
 * Every operation the server offers, in the order the docs list them. The
 * REST routes, the OpenAPI document, the MCP tools and the /v1 assistant's
 * tools are all built from this list.
 */
export const OPERATIONS: readonly AnyOperation[] = [
  ...profileOperations,
  ...postOperations,
  ...importExportOperations,
  ...generationOperations,
  ...maintenanceOperations,
  ...publishingOperations,
  ...voiceGuidanceOperations,
];

/** REST routes live under this prefix. */
export const API_PREFIX = '/api/v1';

export function findOperation(name: string): AnyOperation | undefined {
  return OPERATIONS.find((operation) => operation.name === name);
}
