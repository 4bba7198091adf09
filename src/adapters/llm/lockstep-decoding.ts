/**
 * A step barrier for the sequences of one context generating at the same
 * time. node-llama-cpp batches the tokens that sequences queue before its
 * next decode; a sequence whose sampling finishes a little later misses the
 * batch and is decoded alone, so sequences drift apart and most decodes are
 * not batched. Each generating sequence, once it has its next token, waits
 * here until every other generating sequence has its token too; then all
 * queue their tokens in the same turn of the event loop and one decode
 * serves them all.
 *
 * A sequence counts from its first arrival (its prompt may take longer to
 * evaluate; the others go on meanwhile) until it leaves (done, aborted or
 * failed). Leaving releases the others, so that one failing never holds them.
 */
export class LockstepBarrier {
  private readonly members = new Set<LockstepMember>();
  private arrived = new Set<LockstepMember>();
  private release: (() => void) | undefined;
  private step: Promise<void> | undefined;

  /** A sequence starting to generate; call leave() when it stops, whatever the reason. */
  join(): LockstepMember {
    const member: LockstepMember = {
      arrive: () => this.arrive(member),
      leave: () => this.leave(member),
    };
    return member;
  }

  /** Sequences counted at the moment (for tests and diagnostics). */
  get size(): number {
    return this.members.size;
  }

  private arrive(member: LockstepMember): Promise<void> {
    this.members.add(member);
    this.arrived.add(member);
    const step = this.currentStep();
    this.releaseIfAllArrived();
    return step;
  }

  private leave(member: LockstepMember): void {
    this.members.delete(member);
    this.arrived.delete(member);
    this.releaseIfAllArrived();
  }

  private currentStep(): Promise<void> {
    this.step ??= new Promise<void>((resolve) => (this.release = resolve));
    return this.step;
  }

  private releaseIfAllArrived(): void {
    if (!this.release || this.arrived.size < this.members.size) return;
    const release = this.release;
    this.release = undefined;
    this.step = undefined;
    this.arrived = new Set();
    release();
  }
}

/** One generating sequence's place at a LockstepBarrier. */
export interface LockstepMember {
  /** Resolves when every sequence counted has its next token (or has left). */
  arrive(): Promise<void>;
  /** Stops counting this sequence; releases the others when they were waiting only for it. Safe to call twice. */
  leave(): void;
}
