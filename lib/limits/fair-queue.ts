/**
 * Runs at most `concurrency` tasks at once and, when a slot frees, serves the waiting owners in turn (round robin),
 * not in arrival order: an owner with many queued tasks gets one slot per round like everyone else. Background
 * tasks (owner `null`) run only when no owner's task waits.
 *
 * Written here rather than taken from p-limit / p-queue: those are FIFO or priority queues with no notion of
 * whose task it is, and fairness across owners is the point.
 */
export class FairQueue {
  private running = 0;
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly background: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  run<T>(owner: string | null, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running += 1;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running -= 1;
            this.next();
          });
      };
      if (owner === null) this.background.push(start);
      else this.waiting.set(owner, [...(this.waiting.get(owner) ?? []), start]);
      this.next();
    });
  }

  /** Tasks waiting for a slot, background included. */
  get pending(): number {
    let count = this.background.length;
    for (const queue of this.waiting.values()) count += queue.length;
    return count;
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const start = this.takeOwnerTask() ?? this.background.shift();
      if (!start) return;
      start();
    }
  }

  // A Map iterates in insertion order: the owner served goes to the back if it still has work.
  private takeOwnerTask(): (() => void) | undefined {
    const first = this.waiting.entries().next();
    if (first.done) return undefined;
    const [owner, queue] = first.value;
    this.waiting.delete(owner);
    const start = queue.shift();
    if (queue.length > 0) this.waiting.set(owner, queue);
    return start;
  }
}
