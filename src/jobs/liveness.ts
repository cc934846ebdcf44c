import type { Clock, TimerHandle } from "../clock.ts";
import type { Logger } from "../logger.ts";
import { keys } from "../store/keys.ts";
import type { Store } from "../store/port.ts";

/** An instance that has not beaten for this long is presumed dead: its unfinished attempts may be taken over. */
export const ALIVE_MS = 15_000;
const BEAT_MS = 5_000;

interface Beat {
  until: number;
}

/**
 * Which processes sharing the store are alive, so a process can tell an attempt in progress elsewhere (wait for it)
 * from one a dead process left (take it over). Each process writes `alive:<instance>` with a horizon every few
 * seconds; a graceful stop deletes it, so its successors need not wait out the horizon. Only used when several
 * processes share the store (PostgreSQL): on a SQLite file, which one process holds at a time, every other
 * instance's attempt is a dead predecessor's.
 */
export class Liveness {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly instanceId: string,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.beat();
  }

  /**
   * Stops beating. `forget` (a stop that drained its work) deletes the heartbeat so others take over at once; without
   * it, what this process left in flight stays respected until the heartbeat's horizon passes.
   */
  async stop(options: { forget: boolean }): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    if (options.forget) await this.store.delete(keys.alive(this.instanceId));
  }

  async isAlive(instanceId: string): Promise<boolean> {
    if (instanceId === this.instanceId) return true;
    const beat = await this.store.get<Beat>(keys.alive(instanceId));
    return beat !== undefined && beat.until > this.clock.now();
  }

  private async beat(): Promise<void> {
    try {
      // The row outlives its horizon (a dead instance's row is purged by maintenance, not read as alive).
      await this.store.set(
        keys.alive(this.instanceId),
        { until: this.clock.now() + ALIVE_MS } satisfies Beat,
        4 * ALIVE_MS,
      );
    } catch (error) {
      this.logger.warn("liveness heartbeat failed; other processes may take over this one's attempts", { error });
    }
    if (this.stopped) return;
    this.timer = this.clock.setTimer(() => void this.beat(), BEAT_MS, "refresh");
  }
}
