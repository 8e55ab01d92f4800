/**
 * Runs tasks one after another per key (a developer's login) within this App instance, for
 * a decision that reads a record and then writes to it: without it, deliveries arriving
 * together all read the record before any writes, and all decide as if they were first.
 */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // The next task waits for this one whether it succeeds or fails.
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
