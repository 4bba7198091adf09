import type { GuidanceView } from '../../../core/learning/index.js';
import type { CliContext } from '../cli-context.js';

/** The guidance lines of `smm voice show` and `smm voice guidance list`. */
export function renderGuidance(view: GuidanceView): string[] {
  const lines = [`Learnt from your edits (${view.pairCount} approved draft${view.pairCount === 1 ? '' : 's'})`];
  if (view.guidance.length === 0) lines.push(view.pairCount === 0 ? '  nothing yet: approve generated drafts (edited or not) to teach it' : '  no recurring edit yet');
  for (const item of view.guidance) lines.push(`  ${item.description} (${item.evidence})  [${item.id}]`);
  if (view.removed.length > 0) {
    lines.push('  removed by you (restore with `smm voice guidance restore <handle> <id>`):');
    for (const item of view.removed) lines.push(`    ${item.description} (${item.evidence})  [${item.id}]`);
  }
  return lines;
}

export async function guidanceList(context: CliContext, handle: unknown): Promise<void> {
  const app = await context.app();
  const view = await app.edits.show(context.scope, String(handle));
  context.print(view, () => [...renderGuidance(view), '', `Remove one with: smm voice guidance rm ${view.handle} <id>`].join('\n'));
}

export async function guidanceRemove(context: CliContext, handle: unknown, id: unknown): Promise<void> {
  const app = await context.app();
  const view = await app.edits.remove(context.scope, String(handle), String(id));
  context.print(view, () => [`Removed "${String(id)}": new prompts and rankings for @${view.handle} leave it out.`, '', ...renderGuidance(view)].join('\n'));
}

export async function guidanceRestore(context: CliContext, handle: unknown, id: unknown): Promise<void> {
  const app = await context.app();
  const view = await app.edits.restore(context.scope, String(handle), String(id));
  context.print(view, () => [`Restored "${String(id)}".`, '', ...renderGuidance(view)].join('\n'));
}
