import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Delivery } from "../emulators/slack/index.ts";
import { Cluster, percentile, until, wait } from "./cluster.ts";

/**
 * The multi-process scenarios of issue 16, shared by the test suite (small sizes) and `npm run bench scaleout` (the
 * issue's sizes). Every bot is a real process (Bolt HTTP adapter + the core, STORE_URL=postgres, pg-boss).
 */

type PostKind = "intro" | "nudge" | "closing";
const kindOf = (text: string): PostKind | undefined =>
  /Round \d+ of \d+/.test(text)
    ? "intro"
    : /One minute left/.test(text)
      ? "nudge"
      : /Round \d+: time's up/.test(text)
        ? "closing"
        : undefined;

export interface RoundsOptions {
  adminUrl: string;
  processes: number;
  channels: number;
  membersPerChannel: number;
  rounds: number;
  minutes: number;
  scale: number;
  rateScale: number;
  /** Bot minutes the lobby stays open: every member's click must land before it closes. Default 3. */
  lobbyMinutes?: number;
  /** kill -9 a random process halfway through round 1. */
  kill?: boolean;
}

export interface RoundsResult {
  sessions: number;
  /** Sessions that had not ended when the run gave up. */
  stuck: number;
  groups: number;
  /** Posts beyond one intro, nudge and closing per space. */
  duplicates: number;
  /** Spaces missing their intro, nudge or closing. */
  missing: number;
  /** `round-ended` and `grouped` events beyond one per round / group, or missing. */
  stateChangesOff: number;
  /** Members every session had at its end, over all sessions (every click persisted: channels × members). */
  participants: number;
  /** Wall-clock ms from each round's deadline to each of its closing posts. */
  lateness: number[];
  killed?: number;
}

export async function runRounds(o: RoundsOptions): Promise<RoundsResult> {
  const channels = Array.from({ length: o.channels }, (_, i) => `c${i + 1}`);
  const lobbyMinutes = o.lobbyMinutes ?? 3;
  const cluster = await Cluster.start({
    adminUrl: o.adminUrl,
    processes: o.processes,
    channels,
    members: o.channels * o.membersPerChannel,
    scale: o.scale,
    rateScale: o.rateScale,
  });
  try {
    const { emu, organizer, members } = cluster;
    const ids = channels.map((c) => cluster.channelId(c));
    await Promise.all(
      ids.map((id, i) =>
        cluster
          .driver(i)
          .slashCommand(
            organizer,
            id,
            `start rounds:${o.rounds} minutes:${o.minutes} lobby_minutes:${lobbyMinutes} break_seconds:0`,
          ),
      ),
    );
    const lobbies = await Promise.all(ids.map((id) => cluster.lobby(id)));
    const sessionIds = lobbies.map((l) => cluster.joinAction(l).split(":")[2] ?? "");
    let k = 0;
    await Promise.all(
      lobbies.map(async (lobby, c) => {
        const join = cluster.joinAction(lobby);
        for (const m of members.slice(c * o.membersPerChannel, (c + 1) * o.membersPerChannel))
          await cluster.driver(k++).click(m, lobby, join);
      }),
    );
    const minuteWall = 60_000 / o.scale;
    const lobbyClosesAt = cluster.wall((await cluster.sessions.get(sessionIds[0] ?? ""))?.lobbyEndsAt ?? 0);
    let killed: number | undefined;
    if (o.kill) {
      // Halfway through round 1.
      await wait(lobbyClosesAt - Date.now() + (o.minutes * minuteWall) / 2);
      killed = cluster.killOne(Math.floor(Math.random() * o.processes));
    }
    const budget = lobbyClosesAt - Date.now() + minuteWall * o.rounds * o.minutes + 60_000;
    const ended = async () => {
      const all = await Promise.all(sessionIds.map((id) => cluster.sessions.get(id)));
      return all.filter((s) => s?.status === "ended").length;
    };
    const deadline = Date.now() + budget;
    while (Date.now() < deadline && (await ended()) < sessionIds.length) await wait(250);
    await wait(1_000); // a duplicate would land now
    const stuck = sessionIds.length - (await ended());
    const finals = await Promise.all(sessionIds.map((id) => cluster.sessions.get(id)));
    const participants = finals.reduce((n, s) => n + (s?.participants.length ?? 0), 0);

    const spacePosts = new Map(
      emu.mpims().map((c) => [
        c.id,
        emu
          .messagesIn(c.id)
          .filter((m) => m.user === emu.workspace.botUserId)
          .map((m) => ({ kind: kindOf(m.text), atMs: Math.round(Number(m.ts) * 1000) })),
      ]),
    );
    let groups = 0;
    let duplicates = 0;
    let missing = 0;
    let stateChangesOff = 0;
    const lateness: number[] = [];
    const events = await cluster.community.events("slack", emu.teamId);
    for (const sessionId of sessionIds) {
      for (let n = 1; n <= o.rounds; n++) {
        const round = await cluster.sessions.round(sessionId, n);
        if (!round) {
          missing++;
          continue;
        }
        const ends = events.filter((e) => e.type === "round-ended" && e.sessionId === sessionId && e.round === n);
        stateChangesOff += Math.abs(ends.length - 1);
        for (const g of round.groups) {
          groups++;
          const grouped = events.filter(
            (e) => e.type === "grouped" && e.sessionId === sessionId && e.round === n && e.groupId === g.id,
          );
          stateChangesOff += Math.abs(grouped.length - 1);
          const posts = (g.spaceId && spacePosts.get(g.spaceId)) || [];
          for (const kind of ["intro", "nudge", "closing"] as const) {
            const count = posts.filter((p) => p.kind === kind).length;
            if (kind === "nudge" && o.minutes <= 1) continue;
            duplicates += Math.max(0, count - 1);
            if (count === 0) missing++;
          }
          for (const p of posts.filter((x) => x.kind === "closing"))
            lateness.push(p.atMs - Math.round(cluster.wall(round.endsAt)));
        }
      }
    }
    return {
      sessions: sessionIds.length,
      participants,
      stuck,
      groups,
      duplicates,
      missing,
      stateChangesOff,
      lateness,
      ...(killed !== undefined ? { killed } : {}),
    };
  } finally {
    await cluster.close();
  }
}

export interface BurstResult {
  processes: number;
  clicks: number;
  participants: number;
  distinctClickers: number;
  youreIn: number;
  joinedEvents: number;
  ackP50: number;
  ackP99: number;
  lateAcks: number;
}

/** `clicks` members click Join within one second, spread round-robin over the processes (a load balancer). */
export async function runJoinBurst(o: { adminUrl: string; processes: number; clicks: number }): Promise<BurstResult> {
  const cluster = await Cluster.start({
    adminUrl: o.adminUrl,
    processes: o.processes,
    channels: ["general"],
    members: o.clicks,
    scale: 1,
    rateScale: 20,
  });
  try {
    const { emu, organizer, members } = cluster;
    const channelId = cluster.channelId("general");
    await cluster.driver(0).slashCommand(organizer, channelId, "start rounds:1 minutes:5 lobby_minutes:10");
    const lobby = await cluster.lobby(channelId);
    const join = cluster.joinAction(lobby);
    const sessionId = join.split(":")[2] ?? "";
    // Signed before the second starts: only sending is timed.
    const prepared = members.map((m, i) => cluster.driver(i).prepareClick(m, lobby, join));
    const deliveries = await Promise.all(
      prepared.map(
        (send, i) =>
          new Promise<Delivery>((resolve, reject) => {
            setTimeout(() => send().then(resolve, reject), (i * 1000) / prepared.length);
          }),
      ),
    );
    const inReplies = () =>
      members.filter((m) => emu.ephemeralsFor(m).some((e) => e.text.includes("You're in"))).length;
    await until(() => (inReplies() >= members.length ? true : undefined), "every reply", 60_000).catch(() => {});
    const session = await cluster.sessions.get(sessionId);
    const events = await cluster.community.events("slack", emu.teamId);
    const acks = deliveries.map((d) => d.ackMs);
    return {
      processes: o.processes,
      clicks: members.length,
      participants: session?.participants.length ?? 0,
      distinctClickers: new Set(members).size,
      youreIn: inReplies(),
      joinedEvents: events.filter((e) => e.type === "joined" && e.sessionId === sessionId).length,
      ackP50: percentile(acks, 50),
      ackP99: percentile(acks, 99),
      lateAcks: deliveries.filter((d) => d.late).length,
    };
  } finally {
    await cluster.close();
  }
}

export interface BigRoundResult {
  members: number;
  groups: number;
  introsPosted: number;
  calls: number;
  limited: number;
  share: number;
  openMs: number;
}

/**
 * Two (or more) processes serve one channel of `members`; the round opens (one space and intro per group). The 429
 * share counts every Web API call from the lobby's close until every intro is posted.
 */
export async function runBigRound(o: {
  adminUrl: string;
  processes: number;
  members: number;
  scale: number;
  rateScale: number;
  /** Bot minutes the lobby stays open: every click must land first. Default 10. */
  lobbyMinutes?: number;
}): Promise<BigRoundResult> {
  const cluster = await Cluster.start({
    adminUrl: o.adminUrl,
    processes: o.processes,
    channels: ["general"],
    members: o.members,
    scale: o.scale,
    rateScale: o.rateScale,
  });
  try {
    const { emu, organizer, members } = cluster;
    const channelId = cluster.channelId("general");
    await cluster
      .driver(0)
      .slashCommand(organizer, channelId, `start rounds:1 minutes:10 lobby_minutes:${o.lobbyMinutes ?? 10}`);
    const lobby = await cluster.lobby(channelId);
    const join = cluster.joinAction(lobby);
    const sessionId = join.split(":")[2] ?? "";
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let i = lane; i < members.length; i += 8) await cluster.driver(i).click(members[i] ?? "", lobby, join);
      }),
    );
    const before = emu.requests().length;
    const round = await (async () => {
      for (let i = 0; i < 600; i++) {
        const r = await cluster.sessions.round(sessionId, 1);
        if (r) return r;
        await wait(200);
      }
      throw new Error("round 1 never started");
    })();
    const started = Date.now();
    const intros = () =>
      emu.mpims().filter((c) => emu.messagesIn(c.id).some((m) => /Round 1 of 1/.test(m.text))).length;
    await until(() => (intros() >= round.groups.length ? true : undefined), "every intro", 300_000).catch(() => {});
    const openMs = Date.now() - started;
    const calls = emu.requests().slice(before);
    const limited = calls.filter((c) => c.status === 429).length;
    return {
      members: members.length,
      groups: round.groups.length,
      introsPosted: intros(),
      calls: calls.length,
      limited,
      share: calls.length ? limited / calls.length : 0,
      openMs,
    };
  } finally {
    await cluster.close();
  }
}

/** A second bot process (`npm start`) on a SQLite file another one holds: its exit code, time to exit and words. */
export async function runSecondOnSqlite(): Promise<{ code: number | null; ms: number; message: string }> {
  const dir = mkdtempSync(join(tmpdir(), "quickmeet-second-"));
  const root = join(import.meta.dirname, "../..");
  const start = (port: number) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(root, "app/main.ts")], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        QUICKMEET_SANDBOX: "1",
        SANDBOX_PORT: String(port),
        STORE_URL: `sqlite://${join(dir, "bot.sqlite")}`,
        LOG_FORMAT: "json",
      },
    });
    const out = { text: "" };
    p.stdout?.on("data", (d: Buffer) => (out.text += d.toString()));
    p.stderr?.on("data", (d: Buffer) => (out.text += d.toString()));
    const t0 = performance.now();
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
      p.on("exit", (code) => resolve({ code, ms: performance.now() - t0 })),
    );
    return { p, out, exited };
  };
  const first = start(21_000 + Math.floor(Math.random() * 2_000));
  try {
    await until(() => (first.out.text.includes("scheduler started") ? true : undefined), "the first bot", 60_000);
    const second = start(23_000 + Math.floor(Math.random() * 2_000));
    const { code, ms } = await second.exited;
    const line = second.out.text.split("\n").find((l) => l.includes("in use by another")) ?? second.out.text;
    return { code, ms: Math.round(ms), message: line.trim().slice(0, 300) };
  } finally {
    first.p.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
