import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LlamaContextSequence } from 'node-llama-cpp';
import { sharedPrefixLength } from './sequence-pool.js';

interface Evaluation {
  key: string;
  waiters: number;
  /** The saved state's file once the prompt is evaluated, or undefined when nobody waited or it failed. */
  ready: Promise<string | undefined>;
}

/**
 * Requests that start together with the same long beginning (the variants of
 * one generation, side by side) evaluate it once: the first evaluates its
 * prompt, saves that sequence's state to a temporary file, and the others
 * load it into their own sequences (llama.cpp has no in-memory copy between
 * sequences through node-llama-cpp), then each evaluates only its own end.
 * Nothing is saved when no other request is waiting.
 */
export class SharedPromptEvaluations {
  private readonly running: Evaluation[] = [];

  /**
   * For a request whose sequence holds little of its prompt: waits for a
   * running evaluation of a prompt sharing at least half of its own and
   * copies its state, or evaluates its own prompt (`evaluate`) for the ones to come.
   */
  async prepare(key: string, sequence: LlamaContextSequence, evaluate: () => Promise<void>): Promise<void> {
    const joined = this.running.find((evaluation) => sharedPrefixLength(evaluation.key, key) * 2 >= key.length);
    if (joined) {
      joined.waiters += 1;
      try {
        const file = await joined.ready;
        if (file) await sequence.loadStateFromFile(file, { acceptRisk: true });
      } finally {
        joined.waiters -= 1;
        if (joined.waiters === 0 && !this.running.includes(joined)) await removeFile(joined.ready);
      }
      return;
    }
    const evaluation: Evaluation = { key, waiters: 0, ready: Promise.resolve(undefined) };
    evaluation.ready = (async () => {
      await evaluate();
      if (evaluation.waiters === 0) return undefined;
      const file = path.join(tmpdir(), `smm-prompt-state-${randomUUID()}.bin`);
      await sequence.saveStateToFile(file);
      return file;
    })().catch(() => undefined);
    this.running.push(evaluation);
    try {
      await evaluation.ready;
    } finally {
      this.running.splice(this.running.indexOf(evaluation), 1);
      if (evaluation.waiters === 0) await removeFile(evaluation.ready);
    }
  }
}

async function removeFile(ready: Promise<string | undefined>): Promise<void> {
  const file = await ready;
  if (file) await rm(file, { force: true }).catch(() => undefined);
}
