import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../operations/operation-catalogue.js';
import { assistantOperations, assistantToolSpecs } from './assistant-tools.js';

const EXPECTED = [
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
];

describe('the assistant tools', () => {
  it('offers exactly the chosen operations: each name on the list exists in the catalogue', () => {
    // A name renamed in the catalogue but not here would silently drop a tool.
    expect(assistantOperations.map((operation) => operation.name).sort()).toEqual([...EXPECTED].sort());
  });

  it('keeps deleting, importing, exporting and bulk publishing away from the model', () => {
    const offered = new Set(assistantOperations.map((operation) => operation.name));
    for (const operation of OPERATIONS) {
      if (operation.method === 'DELETE') expect(offered.has(operation.name), operation.name).toBe(false);
    }
    for (const name of ['import_posts', 'export_posts', 'publish_due', 'reindex', 'delete_post', 'delete_profile']) expect(offered.has(name), name).toBe(false);
  });

  it("describes each tool to the model with the catalogue's words and a self-contained object schema", () => {
    const specs = assistantToolSpecs();
    expect(specs.map((spec) => spec.name)).toEqual(assistantOperations.map((operation) => operation.name));
    for (const [index, spec] of specs.entries()) {
      expect(spec.description).toBe(assistantOperations[index]!.description);
      expect(spec.parameters).toMatchObject({ type: 'object' });
      expect(JSON.stringify(spec.parameters), spec.name).not.toContain('$ref');
      expect(JSON.stringify(spec.parameters), spec.name).not.toContain('$schema');
    }
    const publish = specs.find((spec) => spec.name === 'publish_post')!.parameters as { properties: Record<string, { type?: string }>; required?: string[] };
    expect(publish.properties.confirm!.type).toBe('boolean');
    // confirm has a default, so a model may leave it out: the preview is what it gets then.
    expect(publish.required).toEqual(['id']);
  });
});
