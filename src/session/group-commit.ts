interface Pending<Req, Res> {
  request: Req;
  resolve: (result: Res) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: requests for the same key that arrive while a batch is being written are applied together as the
 * next batch, in arrival order. A burst of 1,000 Join clicks becomes a handful of session writes instead of 1,000
 * read-modify-writes of a growing record.
 */
export class GroupCommit<Req, Res> {
  private readonly queues = new Map<string, Pending<Req, Res>[]>();

  /** `apply` must return one result per request, in order. */
  constructor(private readonly apply: (key: string, requests: readonly Req[]) => Promise<Res[]>) {}

  submit(key: string, request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ request, resolve, reject });
        return;
      }
      this.queues.set(key, [{ request, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    for (;;) {
      const batch = this.queues.get(key) ?? [];
      if (batch.length === 0) {
        this.queues.delete(key);
        return;
      }
      this.queues.set(key, []);
      try {
        const results = await this.apply(
          key,
          batch.map((p) => p.request),
        );
        for (const [i, p] of batch.entries()) p.resolve(results[i] as Res);
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }
}
