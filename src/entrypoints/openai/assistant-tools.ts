import type { ToolSpec } from '../../core/ports.js';
import { OPERATIONS } from '../operations/operation-catalogue.js';
import { operationJsonSchema } from '../operations/operation-json-schema.js';
import type { AnyOperation } from '../operations/operation.js';

/**
 * The operations the chat assistant may run on its own. Deleting, importing
 * and exporting stay with the REST API and MCP, where a person or a program
 * chooses them explicitly.
 */
const ASSISTANT_OPERATIONS = new Set([
  'list_profiles',
  'get_profile',
  'create_profile',
  'update_profile',
  'list_posts',
  'search_posts',
  'get_post',
  'create_post',
  'update_post',
  'set_post_status',
  'approve_post',
  'schedule_post',
  'generate_posts',
  'rewrite_post',
  'show_voice',
  'score_voice',
  'list_accounts',
  'publish_post',
  'get_calendar',
]);

export const assistantOperations: readonly AnyOperation[] = OPERATIONS.filter((operation) => ASSISTANT_OPERATIONS.has(operation.name));

/** The operations as tools of the chat model port. */
export function assistantToolSpecs(): ToolSpec[] {
  return assistantOperations.map((operation) => ({ name: operation.name, description: operation.description, parameters: operationJsonSchema(operation) }));
}
