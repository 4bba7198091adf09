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
 * A request alone goes on at once: nothing is evaluated or saved for it.
 */
export class SharedPromptEvaluations {
  private readonly running: Evaluation[] = [];

  /**
   * Before a request runs on `sequence`, which already holds `held`
   * characters of its prompt: when a running evaluation shares clearly more
   * (and at least half), waits for it and copies its state; when the sequence holds less than
   * nine tenths, evaluates this prompt (`evaluate`) for the requests to come;
   * else does nothing.
   */
  async prepare(key: string, held: number, sequence: LlamaContextSequence, evaluate: () => Promise<void>): Promise<void> {
    let joined: Evaluation | undefined;
    let joinedShares = Math.max(held + key.length / 10, key.length / 2);
    for (const evaluation of this.running) {
      const shares = sharedPrefixLength(evaluation.key, key);
      if (shares > joinedShares) [joined, joinedShares] = [evaluation, shares];
    }
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
    if (held >= key.length * 0.9) return;
    const evaluation: Evaluation = { key, waiters: 0, ready: Promise.resolve(undefined) };
    evaluation.ready = (async () => {
      // Requests started together reach this point before the next turn of the event loop; alone, nothing is evaluated twice.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (evaluation.waiters === 0) return undefined;
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
