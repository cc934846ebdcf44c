/**
 * Event keys this process has already taken, so a Slack retry (`X-Slack-Retry-Num`, Socket Mode `retry_attempt`)
 * that arrives while the first delivery is still being worked on is dropped here before it reaches the core.
 * The core dedups by `eventId` in the shared store too, which covers retries landing on another replica.
 */
export class SeenKeys {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  /** True the first time a key is offered within the TTL. */
  first(key: string, now = Date.now()): boolean {
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.set(key, now);
    if (this.seen.size > this.maxKeys) this.evict(now);
    return true;
  }

  private evict(now: number): void {
    for (const [key, at] of this.seen) {
      if (now - at >= this.ttlMs || this.seen.size > this.maxKeys) this.seen.delete(key);
      else break;
    }
  }
}
