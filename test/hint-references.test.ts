import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { phraseHint } from '../src/core/hint-phrasing.js';
import { buildProgram } from '../src/entrypoints/cli/program.js';
import { PROJECT_ROOT } from './helpers/run-smm.js';

/**
 * Every error message and hint in src/ (arguments of `new …Error(…)`,
 * `hint:` values, `errorBody(…)` arguments) is read with the TypeScript
 * parser, and every flag and setting it names is checked against what
 * exists: `--flag` against the options of the real `smm` command tree (of
 * the command it names, when it names one), `SMM_*` against the variables
 * the code reads. A hint that names a flag which does not exist sends the
 * user nowhere.
 */

const SRC = path.join(PROJECT_ROOT, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The texts of string and template literals under `node`. */
function literalTexts(node: ts.Node): string[] {
  const texts: string[] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isStringLiteral(child) || ts.isNoSubstitutionTemplateLiteral(child)) texts.push(child.text);
    else if (ts.isTemplateExpression(child)) texts.push([child.head.text, ...child.templateSpans.map((span) => span.literal.text)].join('…'));
    ts.forEachChild(child, visit);
  };
  visit(node);
  return texts;
}

/** Error messages and hints of one file, with their line numbers. */
function userFacingTexts(file: string): Array<{ where: string; text: string }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ where: string; text: string }> = [];
  const add = (node: ts.Node) => {
    const where = `${path.relative(PROJECT_ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    for (const text of literalTexts(node)) found.push({ where, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && /Error$/.test(node.expression.getText(source))) node.arguments?.forEach(add);
    else if (ts.isCallExpression(node) && /^(errorBody|clientErrorReply)$/.test(node.expression.getText(source))) node.arguments.forEach(add);
    else if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'hint') add(node.initializer);
    // Tables of where a setting comes from, quoted in config errors.
    else if (ts.isVariableDeclaration(node) && /^[A-Z_]*(SOURCES|HINTS?)$/.test(node.name.getText(source)) && node.initializer) add(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Each command path ("" for smm itself, "post add", …) with the long options it accepts, smm's own included. */
function commandOptions(program: Command): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const global = new Set([...program.options.map((option) => option.long!), '--help', '--version']);
  const visit = (command: Command, trail: string[]) => {
    result.set(trail.join(' '), new Set([...global, ...command.options.map((option) => option.long!).filter(Boolean)]));
    for (const sub of command.commands) visit(sub, [...trail, sub.name()]);
  };
  visit(program, []);
  return result;
}

/** The environment variables the code reads (env.X, env['X']). */
function settingsRead(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) for (const match of readFileSync(file, 'utf8').matchAll(/env(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)) names.add(match[1]!);
  return names;
}

/** Problems with the flags and settings one text names. */
function problemsIn(original: string, options: Map<string, Set<string>>, settings: Set<string>): string[] {
  const problems: string[] = [];
  // Both phrasings of a hint are checked ({{--thread|"thread"}}): each must be well formed.
  if (/\{\{|\}\}/.test(phraseHint(original, 'cli')!)) problems.push(`a {{cli|api}} alternative is not closed or has no "|"`);
  // Flags of other programs (`pg_dump --file=…`) are theirs to check.
  const text = original.replace(/\b(pg_dump|pg_restore|psql|npm|npx|node|ollama|docker|apt-get|curl)\b[^`()]*/g, '');
  for (const match of text.matchAll(/\b(SMM_[A-Z0-9_]*[A-Z0-9])\b/g)) if (!settings.has(match[1]!)) problems.push(`setting ${match[1]} is read nowhere`);
  const anyCommand = new Set([...options.values()].flatMap((set) => [...set]));
  const checked = new Set<number>();
  // `smm <command> [<sub>] … --flag`: the flag must belong to that command.
  for (const match of text.matchAll(/\bsmm((?:\s+[^\s`'"]+)+)/g)) {
    const words = match[1]!.trim().split(/\s+/);
    let trail: string[] = [];
    for (const word of words) {
      const next = [...trail, word].join(' ');
      if (!word.startsWith('-') && options.has(next)) trail = [...trail, word];
      else break;
    }
    const accepted = options.get(trail.join(' '))!;
    let offset = match.index! + 3;
    for (const word of words) {
      offset = text.indexOf(word, offset);
      const flag = /^(--[a-z][a-z0-9-]*)/.exec(word)?.[1];
      if (flag) {
        checked.add(offset);
        if (!accepted.has(flag)) problems.push(`"smm ${trail.join(' ')}" has no ${flag}`);
      }
      offset += word.length;
    }
  }
  // A flag named on its own must exist on some command.
  for (const match of text.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*)/g)) {
    if (!checked.has(match.index!) && !anyCommand.has(match[1]!)) problems.push(`no command has ${match[1]}`);
  }
  return problems;
}

describe('hints and error messages name only flags and settings that exist', () => {
  const files = sourceFiles(SRC);
  const io = { env: {}, stdout: { write: () => true }, stderr: { write: () => true }, exitCode: 0 };
  const options = commandOptions(buildProgram('0.0.0', io));
  const settings = settingsRead(files);

  it('finds the texts it checks (the scan itself works)', () => {
    const texts = files.flatMap(userFacingTexts);
    expect(texts.length).toBeGreaterThan(150);
    expect(texts.some((entry) => entry.text.includes('SMM_OPENAI_BASE_URL'))).toBe(true);
    expect(texts.some((entry) => entry.text.startsWith('SMM_PLATFORM_LIMITS (e.g.'))).toBe(true);
    expect(options.get('generate')).toContain('--profile');
    expect(problemsIn('Run `smm generate --profile acme --nope`.', options, settings)).toEqual(['"smm generate" has no --nope']);
    expect(problemsIn('Set SMM_NOT_A_SETTING or pass --also-not-a-flag.', options, settings)).toEqual(['setting SMM_NOT_A_SETTING is read nowhere', 'no command has --also-not-a-flag']);
    expect(problemsIn('Use `smm keys create --name x` or --port with `smm serve --port 8080`.', options, settings)).toEqual([]);
    expect(problemsIn('Drop {{--thred|"thread"}}; or {{--format', options, settings)).toEqual(['a {{cli|api}} alternative is not closed or has no "|"', 'no command has --thred']);
    expect(problemsIn('Run: pg_dump --format=custom x (restore with pg_restore --dbname=<url> y).', options, settings)).toEqual([]);
  });

  it('in every file of src/', () => {
    const problems = files.flatMap(userFacingTexts).flatMap(({ where, text }) => problemsIn(text, options, settings).map((problem) => `${where}: ${problem}`));
    expect([...new Set(problems)]).toEqual([]);
  });
});
