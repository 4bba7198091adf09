import type { Command } from 'commander';
import type { AppError } from '../../core/errors.js';
import { phraseHint } from '../../core/hint-phrasing.js';

/**
 * The hint of an error as the terminal should read it: the CLI's phrasing of
 * a core hint, and, for invalid fields, the flags (or arguments) of this
 * command that set them instead of the field names an API caller sees.
 */
export function cliHint(error: AppError, command?: Command): string | undefined {
  const flags = command ? flagsFor(error, command) : [];
  if (flags.length > 0) return `Fix ${flags.join(', ')} and try again (see \`smm ${commandPath(command!)} --help\`).`;
  return phraseHint(error.hint, 'cli');
}

/** `--scheduled-at` for the field scheduledAt, `<handle>` for a positional argument, of the fields an invalid_input error names. */
function flagsFor(error: AppError, command: Command): string[] {
  const issues = error.details.issues;
  if (error.code !== 'invalid_input' || !Array.isArray(issues)) return [];
  const found = new Set<string>();
  for (const issue of issues as Array<{ path?: unknown }>) {
    const field = Array.isArray(issue.path) ? String(issue.path[0] ?? '') : '';
    if (!field) continue;
    const option = command.options.find((candidate) => candidate.attributeName() === field);
    const argument = command.registeredArguments.find((candidate) => candidate.name() === field);
    if (option?.long) found.add(option.long);
    else if (argument) found.add(`<${argument.name()}>`);
    // A field this command has no flag for: the generic words say more than a partial list.
    else return [];
  }
  return [...found];
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}
