import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { EventRecord, FeedbackRating } from "../src/domain/types.ts";
import { computeStats } from "../src/stats/compute.ts";
import { memberOverview } from "../src/stats/member.ts";
import { statsAttachments } from "../src/stats/reply.ts";
import { keys } from "../src/store/keys.ts";
import type { Store } from "../src/store/port.ts";
import { createSqliteStore } from "../src/store/sqlite.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * A community's history with `groups` recorded groups: sessions of three rounds in three channels, ~66 people each,
 * drawn from a pool of 3,000 members; most groups talk, feedback and stay-in-touch answers at plausible rates, a few
 * spaces fail, and some members used forget-me. Deterministic (seeded), so figures compare across runs.
 */
export function syntheticHistory(groups: number, now: number): EventRecord[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const pool = Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? `forgotten-${i}` : `U${100_000 + i}`));
  const topics = ["hiking", "coffee", "journalism", "public relations", "rochester", "mentor-mentee", "jazz", "ai"];
  const ratings: FeedbackRating[] = ["great", "great", "ok", "not-great", "report"];
  const perSession = 99;
  const sessions = Math.ceil(groups / perSession);
  const events: EventRecord[] = [];
  const options = { rounds: 3, minutesPerRound: 5, lobbyMinutes: 2, groupSize: 2 as const, breakSeconds: 30 };
  let made = 0;
  for (let s = 0; s < sessions && made < groups; s++) {
    const sessionId = `s${s}`;
    const at = now - (sessions - s) * 8 * 3_600_000;
    events.push({ type: "session-started", at, sessionId, channelId: `C${s % 3}`, organizerId: "org", options });
    const people = [...new Set(Array.from({ length: 66 }, () => pick(pool)))];
    for (const userId of people) events.push({ type: "joined", at: at + 60_000, sessionId, userId });
    for (let round = 1; round <= 3 && made < groups; round++) {
      const t = at + round * 600_000;
      const shuffled = [...people].sort(() => rand() - 0.5);
      for (let g = 0; g + 1 < shuffled.length && made < groups; g += 2, made++) {
        const members = [shuffled[g] as string, shuffled[g + 1] as string];
        const groupId = `g${g / 2 + 1}`;
        const base = { sessionId, round, groupId };
        events.push({ type: "grouped", at: t, ...base, members, topics: [pick(topics), pick(topics)], score: 1 });
        if (rand() < 0.02) {
          events.push({ type: "space-failed", at: t, ...base, members, reason: "cap" });
          continue;
        }
        const counts = Object.fromEntries(members.map((m) => [m, rand() < 0.8 ? Math.floor(rand() * 20) : 0]));
        events.push({ type: "messages-counted", at: t + 300_000, ...base, counts });
        for (const [i, userId] of members.entries()) {
          if (rand() < 0.7) events.push({ type: "feedback", at: t + 310_000, ...base, userId, rating: pick(ratings) });
          const partnerId = members[1 - i] as string;
          events.push({ type: "stay-in-touch", at: t + 320_000, ...base, userId, partnerId, answer: rand() < 0.5 });
        }
        if (rand() < 0.2)
          events.push({ type: "connection", at: t + 330_000, sessionId, members: [members[0]!, members[1]!] });
      }
      events.push({ type: "round-ended", at: t + 300_000, sessionId, round });
    }
    events.push({ type: "session-ended", at: at + 2_000_000, sessionId, reason: "completed" });
  }
  return events;
}

/**
 * Median wall time and median process CPU time of `runs` calls, in milliseconds. CPU time is reported too because
 * this machine is shared (2 cores): wall time then measures the neighbours as much as the code.
 */
async function time(runs: number, fn: () => unknown): Promise<{ ms: number; cpu_ms: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { ms: median(wall), cpu_ms: median(cpu) };
}

const run: BenchFn = async ({ quick }) => {
  const groups = quick ? 10_000 : 100_000;
  const now = Date.UTC(2026, 0, 1);
  const events = syntheticHistory(groups, now);
  const runs = quick ? 3 : 7;
  const row = (step: string, t: { ms: number; cpu_ms: number }, target?: number): BenchRow => ({
    bench: "stats",
    step,
    groups,
    events: events.length,
    ms: t.ms,
    cpu_ms: t.cpu_ms,
    target_ms: target ?? null,
    pass: target === undefined ? null : t.ms < target,
  });
  // One untimed run so the figures are of optimised code, as in a bot that has been up for a while.
  computeStats(events, { period: "all", now });
  const rows: BenchRow[] = [
    row("compute all time", await time(runs, () => computeStats(events, { period: "all", now })), 1000),
    row("compute 30d", await time(runs, () => computeStats(events, { period: "30d", now })), 1000),
    row(
      "compute 90d, one channel",
      await time(runs, () => computeStats(events, { period: "90d", now, channelId: "C1" })),
      1000,
    ),
    row("member overview (/me)", await time(runs, () => memberOverview(events, "U100001")), 1000),
  ];
  const report = computeStats(events, { period: "all", now });
  rows.push(row("chart PNG + CSVs (all time)", await time(runs, () => statsAttachments(report)), 1000));

  const dir = mkdtempSync(join(tmpdir(), "qm-stats-bench-"));
  try {
    const file = join(dir, "bench.sqlite");
    const store = createSqliteStore(file);
    const stream = keys.events("discord", "bench-guild");
    rows.push(
      row(
        "write history to SQLite (setup)",
        await time(1, async () => {
          for (let i = 0; i < events.length; i += 20_000) await store.append(stream, events.slice(i, i + 20_000));
        }),
      ),
    );
    await store.close();
    const readRuns = 3;
    const ready = async (s: Store) => computeStats(await s.read<EventRecord>(stream), { period: "30d", now });
    // Cold: a process that just started reads the whole history from the file once.
    rows.push(
      row(
        "read cold from SQLite (first read after start-up)",
        await time(readRuns, async () => {
          const fresh = createSqliteStore(file);
          await fresh.read<EventRecord>(stream);
          await fresh.close();
        }),
      ),
    );
    // Warm: a running bot has read the history before (round planning, earlier stats); only new pages are fetched.
    const running = createSqliteStore(file);
    await running.read<EventRecord>(stream);
    rows.push(
      row(
        "read warm + compute 30d (running bot, 200 new events since)",
        await time(readRuns, async () => {
          await running.append(stream, events.slice(0, 200));
          await ready(running);
        }),
        1000,
      ),
    );
    await running.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};

export default run;
