import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../core/errors.js';
import { SequencePool, sharedPrefixLength } from './sequence-pool.js';

const STABLE = 'system: you write posts\nvoice: dry, short\nexamples: one, two, three\n';

describe('SequencePool', () => {
  it('gives the free sequence holding the longest part of the prompt, and keeps other prompts off it', async () => {
    const pool = new SequencePool(['a', 'b', 'c']);
    const first = await pool.acquire(`${STABLE}topic: tea`);
    pool.release(first, `${STABLE}topic: tea`);
    const other = await pool.acquire('a different profile altogether');
    expect(other.item).not.toBe(first.item);
    pool.release(other, 'a different profile altogether');
    const again = await pool.acquire(`${STABLE}topic: coffee`);
    expect(again.item).toBe(first.item);
    pool.release(again, `${STABLE}topic: coffee`);
  });

  it('takes the least recently used sequence when none holds half of the prompt', async () => {
    const pool = new SequencePool(['a', 'b']);
    const a = await pool.acquire('first prompt');
    pool.release(a, 'first prompt');
    const b = await pool.acquire('second prompt, unrelated');
    pool.release(b, 'second prompt, unrelated');
    const third = await pool.acquire('third prompt');
    expect(third.item).toBe(a.item);
  });

  it('makes requests wait in order while every sequence is busy, and lets a cancelled one go', async () => {
    const pool = new SequencePool(['only']);
    const held = await pool.acquire('x');
    const order: string[] = [];
    const controller = new AbortController();
    const cancelled = pool.acquire('y', controller.signal).catch((error: unknown) => error);
    const next = pool.acquire('z').then((slot) => {
      order.push('z');
      return slot;
    });
    controller.abort();
    expect(await cancelled).toBeInstanceOf(CancelledError);
    expect(order).toEqual([]);
    pool.release(held, 'x');
    const slot = await next;
    expect(slot.item).toBe('only');
    expect(order).toEqual(['z']);
  });

  it('counts shared leading characters', () => {
    expect(sharedPrefixLength('abcd', 'abxy')).toBe(2);
    expect(sharedPrefixLength('', 'abc')).toBe(0);
    expect(sharedPrefixLength('same', 'same')).toBe(4);
  });
});
