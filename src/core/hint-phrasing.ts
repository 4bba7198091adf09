/**
 * Hints are written once, in the core, and shown by several front doors
 * whose callers change things differently: a person at the terminal passes
 * a flag (`--thread`), a program or a language model sets a field
 * (`"thread"`) or calls an operation (`import_posts`). Where a hint names
 * such a thing it gives both phrasings as `{{cli phrasing|api phrasing}}`,
 * and each front door shows its own with `phraseHint`.
 */
export type HintAudience = 'cli' | 'api';

const ALTERNATIVES = /\{\{([^{}|]*)\|([^{}]*)\}\}/g;

/** The hint as `audience` should read it (undefined stays undefined; a hint without alternatives is returned as is). */
export function phraseHint(hint: string | undefined, audience: HintAudience): string | undefined {
  if (hint === undefined) return undefined;
  return hint.replace(ALTERNATIVES, (_whole, cli: string, api: string) => (audience === 'cli' ? cli : api));
}
