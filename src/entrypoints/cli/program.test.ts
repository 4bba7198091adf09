import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';

function leaves(command: Command, prefix: string[] = []): { path: string[]; command: Command }[] {
  if (command.commands.length === 0) return [{ path: prefix, command }];
  return command.commands.flatMap((child) => leaves(child, [...prefix, child.name()]));
}

describe('the smm command tree', () => {
  const io = { env: {}, stdout: { write: () => true }, stderr: { write: () => true }, exitCode: 0 };
  const program = buildProgram('0.0.0', io);

  it('gives every command a description and help with examples', () => {
    const commands = leaves(program);
    expect(commands.length).toBeGreaterThan(25);
    for (const { path, command } of commands) {
      expect(command.description(), path.join(' ')).not.toBe('');
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text), writeErr: (text) => (help += text) });
      command.outputHelp();
      expect(help, `smm ${path.join(' ')} --help`).toContain('Examples:');
    }
  });
});
