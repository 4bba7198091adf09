import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';
import { commandFor } from './usage-errors.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The string and template literals of a TypeScript source (comments skipped), with their line numbers. */
export function stringLiterals(source: string): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  let line = 1;
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\n') line += 1;
    if (char === '/' && source[index + 1] === '/') {
      index = source.indexOf('\n', index);
      if (index === -1) break;
      continue;
    }
    if (char === '/' && source[index + 1] === '*') {
      const end = source.indexOf('*/', index + 2);
      line += (source.slice(index, end).match(/\n/g) ?? []).length;
      index = end + 2;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      const start = line;
      let text = '';
      index += 1;
      while (index < source.length && source[index] !== char) {
        if (source[index] === '\\') {
          text += source[index + 1] ?? '';
          index += 2;
          continue;
        }
        if (source[index] === '\n') line += 1;
        text += source[index];
        index += 1;
      }
      found.push({ text, line: start });
    }
    index += 1;
  }
  return found;
}

/** Every long flag of a command and the commands above it (options are inherited downwards: --json, --data-dir…). */
function flagsOf(command: Command): Set<string> {
  const flags = new Set<string>(['--help']);
  for (let current: Command | null = command; current; current = current.parent) {
    for (const option of current.options) if (option.long) flags.add(option.long);
  }
  return flags;
}

function allFlags(command: Command): Set<string> {
  const flags = flagsOf(command);
  for (const child of command.commands) for (const flag of allFlags(child)) flags.add(flag);
  return flags;
}

/** A flag of smm in a text, not one of another program's (`pg_dump --format=custom`), nor an argument vector element. */
const FLAG = /(?<![\w-])--[a-z][a-z0-9-]*(?![\w=-])/g;

describe('flags named in messages and hints', () => {
  const io = { env: {}, stdout: { write: () => true }, stderr: { write: () => true }, exitCode: 0 };
  const program = buildProgram('0.0.0', io);
  const known = allFlags(program);
  const literals = sourceFiles(SRC)
    .filter((file) => !file.endsWith(path.join('cli', 'program.ts')))
    .flatMap((file) => stringLiterals(readFileSync(file, 'utf8')).map((literal) => ({ ...literal, file: path.relative(SRC, file) })))
    // A literal that is exactly one flag is an argument passed to another program (the Chroma server's --path).
    .filter((literal) => !/^--[a-z-]+$/.test(literal.text));

  it('finds the messages (the scanner works)', () => {
    const mentions = literals.filter((literal) => literal.text.match(FLAG) !== null);
    expect(mentions.length).toBeGreaterThan(30);
    expect(stringLiterals("const a = 'Pass --text \\'x\\''; // --nope\n/* --gone */ const b = `run --limit`;").map((literal) => literal.text)).toEqual([
      "Pass --text 'x'",
      'run --limit',
    ]);
  });

  it('names only flags that exist in the smm command tree', () => {
    const unknown = literals.flatMap((literal) =>
      [...literal.text.matchAll(FLAG)].filter(([flag]) => !known.has(flag)).map(([flag]) => `${literal.file}:${literal.line} ${flag} in "${literal.text.slice(0, 80)}"`),
    );
    expect(unknown).toEqual([]);
  });

  it('names each flag on the command the hint names (`smm post list --limit`)', () => {
    const misplaced: string[] = [];
    let checked = 0;
    for (const literal of literals) {
      for (const [, invocation] of literal.text.matchAll(/`smm ([^`]*)`/g)) {
        const words = invocation!.split(/\s+/);
        const command = commandFor(program, words);
        const flags = flagsOf(command);
        for (const [flag] of invocation!.matchAll(FLAG)) {
          checked += 1;
          if (!flags.has(flag)) misplaced.push(`${literal.file}:${literal.line} \`smm ${invocation}\`: ${flag} is not an option of ${command.name()}`);
        }
      }
    }
    expect(misplaced).toEqual([]);
    expect(checked).toBeGreaterThan(3);
  });
});
