import { CancelledError } from '../../core/errors.js';
import type { Embedder } from '../../core/ports.js';

/** Options of the built-in embedder. */
export interface BuiltinEmbedderOptions {
  /** Vector length; part of the id, so changing it asks for a reindex. Default 384. */
  dimensions?: number;
}

const DEFAULT_DIMENSIONS = 384;

// Weights per feature family. Character n-grams are many per word, so each
// counts less; word pairs carry phrase meaning ("cold brew") and count more
// than their parts.
const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.8;
const CHAR_GRAM_WEIGHT = 0.3;

const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_CHAR = 0xc2b2ae3d;

// Function words of the languages most posts are written in: they make any
// two texts look alike, so they are left out of the features.
const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those ' +
    'i me my we our you your he she they them their his her him us so not no do does did have has had will would can could ' +
    'just about into than then there here what which who whom how when where why all any some more most very too also ' +
    'am up out over again only own same such both each few other off s t don now rt via amp ' +
    'le la les un une des et ou de du en au aux est sont pour par sur avec dans ce ces qui que ' +
    'der die das ein eine und oder ist sind mit für auf von zu im den dem ' +
    'el los las y o es son con por para del lo al'
  ).split(' '),
);

const URL_PATTERN = /\bhttps?:\/\/(?:www\.)?([^\s/?#:]+)[^\s]*/giu;
const TOKEN_PATTERN = /[\p{L}\p{M}\p{N}_']+|\p{Extended_Pictographic}/gu;

/** FNV-1a over a string's UTF-16 units with a seed, then a murmur3 finaliser for even buckets. */
function hashString(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return finalise(hash);
}

function finalise(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * The default embedder: offline, no download, deterministic and fast.
 * Feature hashing (signed, so collisions cancel out on average) of word
 * unigrams, word bigrams and character 3–5-grams of each word, with
 * sublinear weights, L2-normalised. It captures shared vocabulary and word
 * forms (roast / roasting / roastery), not meaning: a neural embedder
 * (Ollama, OpenAI, llama.cpp) does better on paraphrases.
 */
export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly accumulator: Float64Array;
  private codes = new Uint16Array(64);

  constructor(options: BuiltinEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 16 || this.dimensions > 4096) {
      throw new RangeError(`Built-in embedder dimensions must be an integer from 16 to 4096, got ${this.dimensions}.`);
    }
    this.id = `builtin:hash-v1-${this.dimensions}`;
    this.accumulator = new Float64Array(this.dimensions);
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    if (signal?.aborted) throw new CancelledError('Embedding was cancelled.');
    return texts.map((text) => this.embedOne(text));
  }

  /** Synchronous form, for benchmarks and callers that embed in a tight loop. */
  embedOne(text: string): number[] {
    const vector = this.accumulator;
    vector.fill(0);
    const normalised = text.toLowerCase().replace(URL_PATTERN, ' $1 ');
    let previous: number | undefined;
    let features = 0;
    for (const match of normalised.matchAll(TOKEN_PATTERN)) {
      const token = match[0];
      const word = token.includes("'") ? token.replace(/^'+|'+$/g, '') : token;
      if (word.length === 0) continue;
      if (STOPWORDS.has(word)) {
        previous = undefined;
        continue;
      }
      features += 1;
      const wordHash = hashString(word, SEED_WORD);
      this.add(wordHash, WORD_WEIGHT);
      if (previous !== undefined) this.add(finalise(Math.imul(previous, 31) + wordHash + SEED_BIGRAM), BIGRAM_WEIGHT);
      previous = wordHash;
      this.addCharGrams(word);
    }
    // A text with no features (empty, only stopwords or punctuation) still gets a unit vector, the same for all of them.
    if (features === 0) this.add(hashString('', SEED_WORD), WORD_WEIGHT);
    return this.normalise();
  }

  /** Character 3–5-grams of "<word>", rolled in one pass over its char codes, without building substrings. */
  private addCharGrams(word: string): void {
    const length = word.length + 2;
    if (this.codes.length < length) this.codes = new Uint16Array(length * 2);
    const codes = this.codes;
    codes[0] = 0x3c;
    for (let index = 0; index < word.length; index += 1) codes[index + 1] = word.charCodeAt(index);
    codes[length - 1] = 0x3e;
    for (let start = 0; start + 3 <= length; start += 1) {
      let hash = (0x811c9dc5 ^ SEED_CHAR) >>> 0;
      const end = Math.min(start + 5, length);
      for (let position = start; position < end; position += 1) {
        hash = Math.imul(hash ^ codes[position]!, 0x01000193);
        const offset = position - start;
        if (offset >= 2) this.add(finalise(hash + offset), CHAR_GRAM_WEIGHT);
      }
    }
  }

  private add(hash: number, weight: number): void {
    const bucket = hash % this.dimensions;
    // The top bit is independent of the bucket (taken from the low bits) and gives the sign.
    this.accumulator[bucket]! += hash & 0x80000000 ? -weight : weight;
  }

  private normalise(): number[] {
    const vector = this.accumulator;
    let squares = 0;
    for (let index = 0; index < vector.length; index += 1) {
      const value = vector[index]!;
      // Sublinear: a word said five times is not five times the topic.
      const damped = value === 0 ? 0 : Math.sign(value) * Math.log1p(Math.abs(value));
      vector[index] = damped;
      squares += damped * damped;
    }
    const result = new Array<number>(vector.length);
    const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
    for (let index = 0; index < vector.length; index += 1) result[index] = vector[index]! * scale;
    return result;
  }
}
