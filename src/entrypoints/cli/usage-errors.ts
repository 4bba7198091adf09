import type { Command, CommanderError } from 'commander';
import { InvalidInputError } from '../../core/errors.js';

/** The `--` that ends options: everything after it is an argument. */
function beforeTerminator(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end === -1 ? argv : argv.slice(0, end);
}

/** Whether the command line asks for --json (checked before commander parses it, for parse errors). */
export function wantsJson(argv: readonly string[]): boolean {
  return beforeTerminator(argv).includes('--json');
}

/** The deepest command the words of argv name, e.g. `smm post list` for ['post', 'list', '--limit', '0']. */
export function commandFor(program: Command, argv: readonly string[]): Command {
  let command = program;
  let skipValue = false;
  for (const word of beforeTerminator(argv)) {
    if (skipValue) {
      skipValue = false;
      continue;
    }
    if (word.startsWith('-')) {
      // The value of an option that takes one (`--workspace acme`) is not a command name.
      skipValue = !word.includes('=') && takesValue(command, word);
      continue;
    }
    const child = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (!child) break;
    command = child;
  }
  return command;
}

function takesValue(command: Command, flag: string): boolean {
  for (let current: Command | null = command; current; current = current.parent) {
    const option = current.options.find((candidate) => candidate.long === flag || candidate.short === flag);
    if (option) return option.required || option.optional;
  }
  return false;
}

export function commandName(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/**
 * A commander parse failure (unknown option, missing argument, a number out
 * of range…) as the project's usage error, so that --json callers get the
 * same error shape as every other failure, and people get a hint that names
 * the command's help.
 */
export function usageErrorFrom(error: CommanderError, program: Command, argv: readonly string[]): InvalidInputError {
  const command = commandFor(program, argv);
  const name = commandName(command);
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  let message = (lines[0] ?? 'Invalid command line.').replace(/^error:\s*/i, '');
  const suggestion = lines.slice(1).map((line) => line.replace(/^\((.*)\)$/, '$1')).join(' ');
  if (error.code === 'commander.help' || message === '(outputHelp)') {
    const subcommands = command.commands.map((child) => child.name());
    message = `\`${name}\` needs a subcommand: ${subcommands.join(', ')}.`;
  }
  message = message.charAt(0).toUpperCase() + message.slice(1);
  if (!/[.?!]$/.test(message)) message += '.';
  const help = `Run \`${name} --help\` for its options and examples.`;
  return new InvalidInputError(message, {
    hint: suggestion ? `${suggestion.endsWith('?') || suggestion.endsWith('.') ? suggestion : `${suggestion}.`} ${help}` : help,
    details: { command: name, reason: error.code.replace(/^commander\./, '') },
  });
}
