import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EventRecord, Round } from "../../src/domain/types.ts";
import { SessionRepo } from "../../src/session/repo.ts";
import { keys } from "../../src/store/keys.ts";
import { createSqliteStore } from "../../src/store/sqlite.ts";
import type { World, WorldEvent } from "./worlds.ts";

const child = fileURLToPath(new URL("./bot-child.ts", import.meta.url));

/**
 * Where a run kills the bot (SIGKILL), each armed once the previous restart is up:
 * - `lobby`: right after every member joined;
 * - `space`: the platform has just created a group's space (thread / group DM), before the bot could store it;
 * - `post`: the platform has just stored the bot's intro / nudge / closing, before the bot got the answer;
 * - `after`: `ms` of wall-clock time after the restart (random kills).
 * `skip` lets that many matching events pass first.
 */
export type KillPoint =
  | { at: "lobby" }
  | { at: "space"; skip?: number }
  | { at: "post"; kind: PostKind; skip?: number }
  | { at: "after"; ms: number };

export type PostKind = "intro" | "nudge" | "closing";

export interface CrashRunOptions {
  world: World;
  kills: readonly KillPoint[];
  rounds?: number;
  minutes?: number;
  breakSeconds?: number;
  /** How much faster than the wall clock the bot's time runs (minutes of Quick Meet in seconds). */
  scale?: number;
  /** Wall-clock pause between a kill and the restart. */
  downMs?: number;
  /** Give up waiting for the session's end after this long (wall clock). */
  timeoutMs?: number;
  /** An event kill that has not fired after this long (wall clock) kills anyway (random runs). */
  fallbackMs?: number;
  /** Progress lines (QM_DEBUG=1 prints them). */
  log?: (line: string) => void;
}

export interface CrashRunResult {
  kills: number;
  groups: number;
  /** Groups never opened, failed, or without their intro; members left out of a round. */
  lostGroups: number;
  /** Posts beyond one intro, one nudge and one closing per group. */
  duplicatePosts: number;
  /** Spaces no group of the session points at. */
  orphanSpaces: number;
  /**
   * Lateness of each deadline (round starts, nudges, closings) in wall-clock ms, from the deadline or from when the
   * restarted bot was up, whichever is later.
   */
  lateness: number[];
  /** What went wrong, in words, for a failing assertion. */
  problems: string[];
}

const kindOf = (text: string): { kind: PostKind; round: number } | undefined => {
  const intro = /Round (\d+) of \d+/.exec(text);
  if (intro) return { kind: "intro", round: Number(intro[1]) };
  const nudge = /One minute left in round (\d+)/.exec(text);
  if (nudge) return { kind: "nudge", round: Number(nudge[1]) };
  const closing = /Round (\d+): time's up/.exec(text);
  if (closing) return { kind: "closing", round: Number(closing[1]) };
  return undefined;
};

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one Quick Meet with the bot in a child process that is SIGKILLed at each kill point and restarted. */
export async function runCrashScenario(options: CrashRunOptions): Promise<CrashRunResult> {
  const { world } = options;
  const scale = options.scale ?? 10;
  const rounds = options.rounds ?? 2;
  const minutes = options.minutes ?? 2;
  const breakSeconds = options.breakSeconds ?? 0;
  const dir = mkdtempSync(join(tmpdir(), "quickmeet-crash-"));
  const file = join(dir, "quickmeet.sqlite");
  const origin = Date.now();
  const botTime = (wallMs: number) => origin + (wallMs - origin) * scale;
  const env = {
    ...process.env,
    ...world.env(),
    STORE_URL: `sqlite://${file}`,
    LOG_LEVEL: process.env.QM_DEBUG ? "debug" : "error",
    QM_CLOCK_ORIGIN: String(origin),
    QM_CLOCK_SCALE: String(scale),
  };
  /** Wall-clock times at which a bot process was ready. */
  const readyAt: number[] = [];
  let proc: ChildProcess | undefined;
  let armed: ((e: WorldEvent) => boolean) | undefined;
  let kills = 0;
  const log = options.log ?? (process.env.QM_DEBUG ? (l: string) => console.error(`[crash] ${l}`) : () => {});

  const start = async () => {
    const p = fork(child, [], { execArgv: ["--import", "tsx"], env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    proc = p;
    await new Promise<void>((resolve, reject) => {
      p.once("message", () => resolve());
      p.once("exit", (code) => reject(new Error(`bot process exited (${code}) before it was ready`)));
    });
    readyAt.push(Date.now());
    log("bot ready");
  };
  const exited = (p: ChildProcess) =>
    p.exitCode !== null || p.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => p.once("exit", () => r()));
  const kill = () => {
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGKILL");
    kills++;
    log(`killed (${kills})`);
    armed = undefined;
  };
  world.observe((e) => {
    if (armed?.(e)) kill();
  });
  let asked = 0;
  /** The session's status as the running bot reads it; undefined while no bot is up or it does not answer. */
  const status = (sessionId: string): Promise<string | undefined> => {
    const p = proc;
    if (!p?.connected || p.exitCode !== null || p.signalCode !== null || !sessionId) return Promise.resolve(undefined);
    const id = ++asked;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), 1_000);
      const onMessage = (m: { type?: string; id?: number; status?: string }) => {
        if (m.type === "status" && m.id === id) done(m.status);
      };
      if (id % 50 === 0) log(`asked the bot for the session's status ${id} times`);
      const done = (value: string | undefined) => {
        clearTimeout(timer);
        p.off("message", onMessage);
        p.off("exit", onExit);
        resolve(value);
      };
      const onExit = () => done(undefined);
      p.on("message", onMessage);
      p.once("exit", onExit);
      try {
        p.send({ type: "status", id, sessionId });
      } catch {
        done(undefined);
      }
    });
  };

  try {
    await start();
    await world.startSession({ rounds, minutes, lobbyMinutes: 1, breakSeconds });
    await world.joinAll();
    const sessionId = world.sessionId() ?? "";
    log(`session ${world.sessionId()} lobby joined`);
    for (const point of options.kills) {
      log(`armed ${JSON.stringify(point)}`);
      const victim = proc!;
      let timer: NodeJS.Timeout | undefined;
      if (point.at === "lobby") kill();
      else if (point.at === "after") timer = setTimeout(kill, point.ms);
      else {
        let skip = point.skip ?? 0;
        armed = (e) => {
          const match =
            point.at === "space" ? e.kind === "space" : e.kind === "post" && kindOf(e.text)?.kind === point.kind;
          return match && skip-- <= 0;
        };
        if (options.fallbackMs !== undefined) timer = setTimeout(kill, options.fallbackMs);
      }
      // A kill point the session never reaches (it ended first) is dropped, not waited for.
      let settled = false;
      const outcome = await Promise.race([
        exited(victim).then(() => "killed" as const),
        untilEnded(status, sessionId, Number.POSITIVE_INFINITY, () => settled).then(() => "ended" as const),
      ]);
      settled = true;
      clearTimeout(timer);
      if (outcome === "ended" && victim.exitCode === null && victim.signalCode === null) {
        armed = undefined;
        break;
      }
      await exited(victim);
      await wait(options.downMs ?? 300);
      await start();
    }
    await untilEnded(status, sessionId, options.timeoutMs ?? 120_000);
    // Let the last closings and the summary's job settle, then stop the bot the way an operator would.
    await wait(500);
    proc?.kill("SIGTERM");
    if (proc) await exited(proc);
    const wallTime = (botMs: number) => origin + (botMs - origin) / scale;
    return await analyse(world, file, sessionId, { kills, readyAt, botTime, wallTime });
  } finally {
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGKILL");
      await exited(proc);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Polls the running bot (over IPC: it holds the store file's lock, so nobody else may read the file) until the
 * session has ended; while no bot is up (killed, not restarted yet) it waits.
 */
async function untilEnded(
  status: (sessionId: string) => Promise<string | undefined>,
  sessionId: string,
  timeoutMs: number,
  cancelled: () => boolean = () => false,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await status(sessionId)) === "ended" || cancelled()) return;
    if (Date.now() > end) throw new Error(`session ${sessionId} did not end within ${timeoutMs} ms`);
    await wait(100);
  }
}

async function analyse(
  world: World,
  file: string,
  sessionId: string,
  run: {
    kills: number;
    readyAt: number[];
    botTime: (wallMs: number) => number;
    wallTime: (botMs: number) => number;
  },
): Promise<CrashRunResult> {
  const store = createSqliteStore(file);
  const problems: string[] = [];
  const lateness: number[] = [];
  let groups = 0;
  let lostGroups = 0;
  let duplicatePosts = 0;
  try {
    const session = await new SessionRepo(store).get(sessionId);
    if (!session) throw new Error("no session in the store");
    const events = await store.read<EventRecord>(keys.events(world.platform, world.communityId));
    if (events.some((e) => e.type === "space-failed")) problems.push("a space-failed event was recorded");
    const spaces = new Map(world.spaces().map((s) => [s.id, s]));
    const used = new Set<string>();
    /** When the bot that did something at `wallMs` had last come up (wall clock). */
    const upSince = (wallMs: number) => Math.max(...run.readyAt.filter((t) => t <= wallMs), 0);
    // Wall-clock lateness: the bot's time runs faster, but a lease or a retry waits in wall-clock time (store TTLs),
    // and processing takes wall-clock time; scaling either up would measure the test's speed-up, not the bot.
    const late = (what: string, deadline: number, wallMs: number | undefined) => {
      if (wallMs === undefined) return;
      const value = wallMs - Math.max(run.wallTime(deadline), upSince(wallMs));
      lateness.push(Math.max(0, value));
      if (value > 5_000) problems.push(`${what} ${Math.round(value)} ms late`);
    };
    let previousEnd = session.lobbyEndsAt;
    for (let n = 1; n <= session.options.rounds; n++) {
      const round = await store.get<Round>(keys.round(sessionId, n));
      if (!round) {
        problems.push(`round ${n} never started`);
        continue;
      }
      const deadline = n === 1 ? session.lobbyEndsAt : previousEnd + session.options.breakSeconds * 1000;
      late(`round ${n} start`, deadline, run.wallTime(round.startedAt));
      previousEnd = round.endsAt;
      const grouped = new Set(round.groups.flatMap((g) => g.members));
      const missing = session.everJoined.filter((m) => !grouped.has(m) && !round.waiting.includes(m));
      if (missing.length > 0) problems.push(`round ${n}: ${missing.length} members in no group`);
      const firstOf = (kind: PostKind) => {
        const times = round.groups.flatMap((g) =>
          (spaces.get(g.spaceId ?? "")?.posts ?? [])
            .filter((p) => kindOf(p.text)?.kind === kind && kindOf(p.text)?.round === n)
            .map((p) => p.atMs),
        );
        return times.length > 0 ? Math.min(...times) : undefined;
      };
      late(`round ${n} nudge`, round.endsAt - 60_000, firstOf("nudge"));
      late(`round ${n} closing`, round.endsAt, firstOf("closing"));
      for (const g of round.groups) {
        groups++;
        const space = g.spaceId ? spaces.get(g.spaceId) : undefined;
        if (g.spaceId) used.add(g.spaceId);
        const posts = (space?.posts ?? []).map((p) => kindOf(p.text)).filter((k) => k?.round === n);
        const count = (kind: PostKind) => posts.filter((k) => k?.kind === kind).length;
        if (g.status === "failed" || !space || count("intro") === 0) {
          lostGroups++;
          problems.push(`round ${n} ${g.id}: lost (status ${g.status}, intro ${count("intro")})`);
        }
        for (const kind of ["intro", "nudge", "closing"] as const) {
          if (count(kind) > 1) {
            duplicatePosts += count(kind) - 1;
            problems.push(`round ${n} ${g.id}: ${count(kind)} ${kind} posts`);
          }
        }
        if (count("closing") === 0) problems.push(`round ${n} ${g.id}: no closing`);
      }
    }
    const orphans = [...spaces.keys()].filter((id) => !used.has(id));
    if (orphans.length > 0) problems.push(`${orphans.length} spaces no group points at`);
    return {
      kills: run.kills,
      groups,
      lostGroups,
      duplicatePosts,
      orphanSpaces: orphans.length,
      lateness,
      problems,
    };
  } finally {
    await store.close();
  }
}
