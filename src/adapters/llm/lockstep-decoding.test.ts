import { describe, expect, it } from 'vitest';
import { LockstepBarrier, type LockstepMember } from './lockstep-decoding.js';

/** Lets every pending promise callback run. */
async function settle(): Promise<void> {
  for (let index = 0; index < 5; index += 1) await Promise.resolve();
}

/** Tracks whether a promise has resolved yet. */
function watch(promise: Promise<void>): { done: () => boolean } {
  let done = false;
  void promise.then(() => (done = true));
  return { done: () => done };
}

/** n sequences counted and in step: the first steps alone, the others wait for its next token, then all go on together. */
async function inStep(barrier: LockstepBarrier, n: number) {
  const members = Array.from({ length: n }, () => barrier.join());
  await members[0]!.arrive();
  const others = members.slice(1).map((member) => member.arrive());
  await Promise.all([...others, members[0]!.arrive()]);
  return members;
}

describe('LockstepBarrier', () => {
  it('lets a sequence alone go on at once', async () => {
    const barrier = new LockstepBarrier();
    const member = barrier.join();
    const step = watch(member.arrive());
    await settle();
    expect(step.done()).toBe(true);
  });

  it('holds each sequence until every counted sequence has its token, then releases them together', async () => {
    const barrier = new LockstepBarrier();
    const [a, b, c] = (await inStep(barrier, 3)) as [LockstepMember, LockstepMember, LockstepMember];
    const stepA = watch(a.arrive());
    const stepB = watch(b.arrive());
    await settle();
    expect([stepA.done(), stepB.done()]).toEqual([false, false]);
    const stepC = watch(c.arrive());
    await settle();
    expect([stepA.done(), stepB.done(), stepC.done()]).toEqual([true, true, true]);
    // The next step waits again for all.
    const again = watch(a.arrive());
    await settle();
    expect(again.done()).toBe(false);
  });

  it('releases the others when one leaves (done, failed or aborted), so none hangs', async () => {
    const barrier = new LockstepBarrier();
    const [a, b, c] = (await inStep(barrier, 3)) as [LockstepMember, LockstepMember, LockstepMember];
    const stepA = watch(a.arrive());
    const stepB = watch(b.arrive());
    await settle();
    c.leave();
    await settle();
    expect([stepA.done(), stepB.done()]).toEqual([true, true]);
    expect(barrier.size).toBe(2);
    c.leave();
    expect(barrier.size).toBe(2);
  });

  it('does not make the others wait for a sequence that joined but has no token yet (its prompt is still evaluating)', async () => {
    const barrier = new LockstepBarrier();
    const a = barrier.join();
    await a.arrive();
    const late = barrier.join();
    const step = watch(a.arrive());
    await settle();
    expect(step.done()).toBe(true);
    // Once it has its first token it counts: it waits for the sequence already stepping.
    const lateStep = watch(late.arrive());
    await settle();
    expect(lateStep.done()).toBe(false);
    await a.arrive();
    await settle();
    expect(lateStep.done()).toBe(true);
  });

  it('frees a waiting sequence that leaves itself, and the step goes on without it', async () => {
    const barrier = new LockstepBarrier();
    const [a, b] = (await inStep(barrier, 2)) as [LockstepMember, LockstepMember];
    void a.arrive();
    a.leave();
    const stepB = watch(b.arrive());
    await settle();
    expect(stepB.done()).toBe(true);
    expect(barrier.size).toBe(1);
  });
});
