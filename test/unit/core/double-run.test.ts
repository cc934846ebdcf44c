import { describe, expect, it } from "vitest";
import { AttemptInProgressError, PlatformError } from "../../../src/errors.ts";
import type { RichMessage } from "../../../src/platform/port.ts";
import { createRounds, type Rounds } from "../../../src/session/rounds.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { createHarness, type Harness } from "../../fakes/harness.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";

const MIN = 60_000;

/**
 * Two processes sharing one store (as on PostgreSQL) run the same handler at the same time: at-least-once job
 * delivery (a holder presumed dead that was only slow) or both resuming one round at start-up. Posts reach the
 * platform only after a delay, so the second run looks for the first one's post before it exists.
 */
async function twoProcesses() {
  const store = createMemoryStore();
  const platform = new FakePlatform();
  const clock = new ManualClock();
  const a = createHarness({ store, platform, clock, instanceId: "p1", sharedStore: true });
  const b = createHarness({ store, platform, clock, instanceId: "p2", sharedStore: true });
  await a.bot.start();
  await b.bot.start();
  await a.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 1 }, true);
  const join = platform.channelPosts[0]!.message.buttons![0]![0]!.actionId;
  for (const m of ["a", "b", "c", "d"]) await a.click(m, join);
  const [sessionId] = await a.bot.engine.sessions.activeIds();
  const post = platform.postInSpace.bind(platform);
  const slow = () => {
    // A new post waits (Slack's pacer queue); looking for an earlier post answers at once.
    platform.postInSpace = async (space, message, key) => {
      if (!key?.resume) await new Promise((r) => setTimeout(r, 30));
      return post(space, message, key);
    };
  };
  return { a, b, platform, clock, sessionId: sessionId!, slow };
}

/** The rounds of one process, as its job handlers run them. */
const roundsOf = new WeakMap<Harness, Rounds>();
function rounds(h: Harness): Rounds {
  const known = roundsOf.get(h);
  if (known) return known;
  const made = createRounds({ ...h.bot.engine, finishSession: h.bot.engine.lifecycle.finishSession });
  roundsOf.set(h, made);
  return made;
}

const count = (p: FakePlatform, test: (m: RichMessage) => boolean) =>
  p.spaces.map((s) => s.messages.filter(test).length);

/** Runs `run` in both processes at once; a run told the other process is making a post retries, as its job would. */
async function inBoth(a: Harness, b: Harness, run: (h: Harness) => Promise<void>) {
  const outcomes = await Promise.allSettled([run(a), run(b)]);
  for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(AttemptInProgressError);
  for (const [i, o] of outcomes.entries()) if (o.status === "rejected") await run(i === 0 ? a : b);
}

describe("a handler run twice at once in two processes sharing the store", () => {
  it("opens each group's space once and posts its intro once", async () => {
    const { a, b, platform, clock, sessionId, slow } = await twoProcesses();
    // The lobby closes while the platform is not ready: the round is planned, its groups wait to be opened.
    const open = platform.openGroupSpace.bind(platform);
    platform.openGroupSpace = async () => {
      throw new PlatformError("not-ready", "not logged in yet");
    };
    a.bot.engine.jobs.stop();
    b.bot.engine.jobs.stop();
    await clock.advance(1 * MIN);
    await rounds(a)
      .startRound(sessionId, 1)
      .catch(() => {});
    expect(platform.spaces).toHaveLength(0);
    // Both processes open the groups at once (both resumed the round); making a space takes a moment.
    platform.openGroupSpace = async (req) => {
      if (!req.resume) await new Promise((r) => setTimeout(r, 30));
      return open(req);
    };
    slow();
    const round = await a.bot.engine.sessions.round(sessionId, 1);
    // startRound on a planned round finishes opening its groups (the round-open job, or a resume at start-up).
    await inBoth(a, b, (h) => rounds(h).startRound(sessionId, 1));
    expect(platform.spaces).toHaveLength(round!.groups.length);
    expect(count(platform, (m) => m.title === "Quick Meet · Round 1 of 1")).toEqual([1, 1]);
  });

  it("posts the nudge and the closing message once per space", async () => {
    const { a, b, platform, clock, sessionId, slow } = await twoProcesses();
    await a.advance(1 * MIN);
    expect(platform.spaces).toHaveLength(2);
    a.bot.engine.jobs.stop();
    b.bot.engine.jobs.stop();
    slow();
    await clock.advance(3 * MIN + 10_000);
    await inBoth(a, b, (h) => rounds(h).nudgeRound(sessionId, 1));
    expect(count(platform, (m) => m.text.includes("One minute left"))).toEqual([1, 1]);
    await clock.advance(MIN);
    await inBoth(a, b, (h) => rounds(h).closeRound(sessionId, 1));
    expect(count(platform, (m) => m.title === "Round 1: time's up")).toEqual([1, 1]);
    const ended = (await a.bot.engine.community.events("fake", a.community)).filter((e) => e.type === "round-ended");
    expect(ended).toHaveLength(1);
  });

  it("takes over a post whose process died, once its heartbeat ran out", async () => {
    const { a, b, platform, clock, sessionId } = await twoProcesses();
    await a.advance(1 * MIN);
    a.bot.engine.jobs.stop();
    b.bot.engine.jobs.stop();
    // Process A dies while its closing posts hang: its attempts stay claimed, its heartbeat stops.
    const post = platform.postInSpace.bind(platform);
    platform.postInSpace = () => new Promise(() => {});
    await clock.advance(4 * MIN);
    void rounds(a).closeRound(sessionId, 1);
    await new Promise((r) => setTimeout(r, 20));
    await a.bot.engine.instance.peers?.stop({ forget: false });
    platform.postInSpace = post;
    await expect(rounds(b).closeRound(sessionId, 1)).rejects.toBeInstanceOf(AttemptInProgressError);
    await clock.advance(20_000);
    await rounds(b).closeRound(sessionId, 1);
    expect(count(platform, (m) => m.title === "Round 1: time's up")).toEqual([1, 1]);
  });
});
