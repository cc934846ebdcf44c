import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { systemClock } from "../../src/clock.ts";
import { CommunityRepo } from "../../src/community/repo.ts";
import { defaultBotConfig } from "../../src/config.ts";
import { SessionRepo } from "../../src/session/repo.ts";
import { createStore } from "../../src/store/create.ts";
import type { Store } from "../../src/store/port.ts";
import { actionOn } from "../emulators/slack/find.ts";
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from "../emulators/slack/index.ts";
import type { EmuMessage } from "../emulators/slack/types.ts";
import { freshDatabase } from "./pg.ts";

const child = fileURLToPath(new URL("./bot-child.ts", import.meta.url));

export interface ClusterOptions {
  /** Admin URL of a PostgreSQL server; each cluster gets a fresh database on it. */
  adminUrl: string;
  processes: number;
  /** Channels to seed; every member is in every channel. */
  channels: readonly string[];
  members: number;
  /** Bot time runs this much faster than the wall clock. */
  scale: number;
  /** The emulator's (and the pacer's) Slack rates, this much faster than Slack's. */
  rateScale: number;
}

export interface BotProcess {
  child: ChildProcess;
  driver: SlackDriver;
  alive: boolean;
}

/**
 * N bot processes (test/scaleout/bot-child.ts) on one fresh PostgreSQL database against one Slack emulator, each on
 * its own HTTP port; the drivers spread deliveries over them as a load balancer would. The parent keeps its own store
 * connection to read what the processes wrote.
 */
export class Cluster {
  readonly procs: BotProcess[] = [];
  readonly origin = Date.now();
  private constructor(
    readonly emu: SlackEmulator,
    readonly db: { url: string; drop: () => Promise<void> },
    readonly store: Store,
    readonly options: ClusterOptions,
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const emu = await startSlackEmulator({
      seed: {
        users: [
          { name: "organizer", realName: "Olive Organizer", isAdmin: true },
          ...Array.from({ length: options.members }, (_, i) => ({ name: `m${i + 1}`, realName: `Member ${i + 1}` })),
        ],
        channels: options.channels,
      },
      rateLimits: { enabled: true, scale: options.rateScale },
    });
    const db = await freshDatabase(options.adminUrl);
    const store = await createStore(db.url, { poolSize: 4 });
    const cluster = new Cluster(emu, db, store, options);
    // The first creates the schemas alone; the rest start together.
    await cluster.spawn();
    await Promise.all(Array.from({ length: options.processes - 1 }, () => cluster.spawn()));
    return cluster;
  }

  get sessions(): SessionRepo {
    return new SessionRepo(this.store);
  }

  get community(): CommunityRepo {
    return new CommunityRepo(this.store, systemClock, defaultBotConfig.sessionDefaults);
  }

  get organizer(): string {
    return [...this.emu.workspace.users.values()].find((u) => u.name === "organizer")?.id ?? "";
  }

  get members(): string[] {
    return [...this.emu.workspace.users.values()].filter((u) => !u.isBot && u.name !== "organizer").map((u) => u.id);
  }

  channelId(name: string): string {
    return this.emu.workspace.channelByName(name)?.id ?? "";
  }

  /** The wall-clock time of a time on the bots' clock. */
  wall(botMs: number): number {
    return this.origin + (botMs - this.origin) / this.options.scale;
  }

  /** A live process's driver, round-robin by `i`. */
  driver(i: number): SlackDriver {
    const live = this.procs.filter((p) => p.alive);
    const proc = live[i % live.length];
    if (!proc) throw new Error("no live bot process");
    return proc.driver;
  }

  private async spawn(): Promise<void> {
    const p = fork(child, [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        STORE_URL: this.db.url,
        SLACK_BOT_TOKEN: this.emu.botToken,
        SLACK_SIGNING_SECRET: this.emu.signingSecret,
        SLACK_API_URL: this.emu.apiUrl,
        QM_CLOCK_ORIGIN: String(this.origin),
        QM_CLOCK_SCALE: String(this.options.scale),
        QM_RATE_SCALE: String(this.options.rateScale),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await new Promise<{ endpointUrl: string }>((resolve, reject) => {
      p.once("message", (m) => resolve(m as { endpointUrl: string }));
      p.once("exit", (code) => reject(new Error(`bot process exited (${code}) before it was ready`)));
    });
    const proc: BotProcess = {
      child: p,
      driver: this.emu.driver({ kind: "http", url: ready.endpointUrl }),
      alive: true,
    };
    p.once("exit", () => {
      proc.alive = false;
    });
    this.procs.push(proc);
  }

  /** kill -9 of one process; returns its index. */
  killOne(index: number): number {
    const proc = this.procs[index];
    proc?.child.kill("SIGKILL");
    if (proc) proc.alive = false;
    return index;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            p.child.once("exit", () => resolve());
            p.child.kill("SIGTERM");
            setTimeout(() => p.child.kill("SIGKILL"), 5_000).unref();
          }),
      ),
    );
    await this.store.close();
    await this.emu.stop();
    await this.db.drop();
  }

  /** The lobby message in a channel, once posted. */
  async lobby(channelId: string, timeoutMs = 20_000): Promise<EmuMessage> {
    return until(
      () => this.emu.messagesIn(channelId).find((m) => JSON.stringify(m.blocks).includes('"qm:join:')),
      "the lobby",
      timeoutMs,
    );
  }

  joinAction(lobby: EmuMessage): string {
    return actionOn(lobby, "qm:join:");
  }
}

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(50);
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
