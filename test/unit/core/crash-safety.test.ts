import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PlatformError } from "../../../src/errors.ts";
import type { RichMessage } from "../../../src/platform/port.ts";
import { keys } from "../../../src/store/keys.ts";
import { createSqliteStore } from "../../../src/store/sqlite.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { createHarness, type Harness } from "../../fakes/harness.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";

const MIN = 60_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sqliteFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "quickmeet-crash-"));
  dirs.push(dir);
  return join(dir, "quickmeet.sqlite");
}

const never = <T>() => new Promise<T>(() => {});
const isIntro = (m: RichMessage) => m.title?.startsWith("Quick Meet · Round 1 of") === true;

/** A lobby of `members` joined, the lobby about to close (1 minute). */
async function lobby(h: Harness, members: string[], options: Record<string, unknown> = {}) {
  await h.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 1, ...options }, true);
  const join = h.platform.channelPosts[0]!.message.buttons![0]![0]!.actionId;
  for (const m of members) await h.click(m, join);
}

/** The first process dies: its timers stop and its file closes; the platform keeps what it already did. */
async function kill(h: Harness) {
  h.bot.engine.jobs.stop();
  await new Promise((r) => setTimeout(r, 50));
  // The operating system drops a dead process's file lock; here the file is closed for it.
  await h.store.close();
}

describe("a platform that is not ready yet", () => {
  it("leaves groups pending and opens them all on the retry: no group is failed, nobody is told it failed", async () => {
    const h = createHarness();
    await lobby(h, ["a", "b", "c", "d"]);
    const open = h.platform.openGroupSpace.bind(h.platform);
    let ready = false;
    h.platform.openGroupSpace = (req) =>
      ready ? open(req) : Promise.reject(new PlatformError("not-ready", "Expected token to be set"));
    await h.advance(1 * MIN);
    expect(h.platform.spaces).toHaveLength(0);
    ready = true;
    await h.advance(2_000); // the first retry of the lobby-close job
    expect(h.platform.spaces).toHaveLength(2);
    for (const s of h.platform.spaces) expect(s.messages.filter(isIntro)).toHaveLength(1);
    for (const m of ["a", "b", "c", "d", "org"])
      expect(h.platform.privateTexts(m).join("\n")).not.toContain("could not get a private space");
    const events = await h.bot.engine.community.events("fake", h.community);
    expect(events.filter((e) => e.type === "space-failed")).toHaveLength(0);
  });

  it("still fails a group for good on a real refusal (a missing permission), and says so", async () => {
    const h = createHarness();
    await lobby(h, ["a", "b"]);
    h.platform.revokedPermission = "Create Private Threads";
    await h.advance(1 * MIN);
    expect(h.platform.privateTexts("org").join("\n")).toContain("Create Private Threads");
  });
});

describe("posts and spaces across a crash", () => {
  it("posts the intro once when the process died after the platform stored it and before the bot recorded it", async () => {
    const file = sqliteFile();
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform, instanceId: "i1" });
    await lobby(first, ["a", "b"]);
    const post = platform.postInSpace.bind(platform);
    // The platform stores the message; the answer never comes back to the process.
    platform.postInSpace = (space, message, once) => post(space, message, once).then(() => never());
    await first.clock.advance(1 * MIN);
    await vi.waitFor(() => expect(platform.spaces[0]?.messages.filter(isIntro)).toHaveLength(1));
    await kill(first);

    platform.postInSpace = post;
    const second = createHarness({
      store: createSqliteStore(file),
      platform,
      clock: new ManualClock(first.clock.now() + 5_000),
      instanceId: "i1",
    });
    await second.bot.start();
    await second.advance(0);
    expect(platform.spaces).toHaveLength(1);
    expect(platform.spaces[0]?.messages.filter(isIntro)).toHaveLength(1);
    // The closing message is posted once too, on time.
    await second.advance(5 * MIN);
    expect(platform.spaces[0]?.messages.filter((m) => m.title === "Round 1: time's up")).toHaveLength(1);
  });

  it("reuses the space a dead process created but never stored, instead of opening a second one", async () => {
    const file = sqliteFile();
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform, instanceId: "i1" });
    await lobby(first, ["a", "b", "c", "d"]);
    const open = platform.openGroupSpace.bind(platform);
    platform.openGroupSpace = (req) => open(req).then(() => never());
    await first.clock.advance(1 * MIN);
    await vi.waitFor(() => expect(platform.spaces).toHaveLength(2));
    await kill(first);

    platform.openGroupSpace = open;
    const second = createHarness({
      store: createSqliteStore(file),
      platform,
      clock: new ManualClock(first.clock.now() + 5_000),
      instanceId: "i1",
    });
    await second.bot.start();
    await second.advance(0);
    expect(platform.spaces).toHaveLength(2);
    for (const s of platform.spaces) expect(s.messages.filter(isIntro)).toHaveLength(1);
  });
});

describe("a group whose space was never opened when its round ends", () => {
  it("is failed with the reason, and its members and the organizer are told (the bot was down all round)", async () => {
    const file = sqliteFile();
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform, instanceId: "i1" });
    await lobby(first, ["a", "b"]);
    let opening: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      opening = resolve;
    });
    platform.openGroupSpace = () => {
      opening();
      return never();
    };
    await first.clock.advance(1 * MIN);
    await reached;
    await kill(first);
    // Back only after the round's end: the opening job and the round-end job are both due.
    const second = createHarness({
      store: createSqliteStore(file),
      platform: new FakePlatform(),
      clock: new ManualClock(first.clock.now() + 6 * MIN),
      instanceId: "i1",
    });
    await second.bot.start();
    await second.advance(0);
    const round = await second.bot.engine.sessions.round((await second.bot.engine.sessions.activeIds())[0] ?? "", 1);
    const told = second.platform.privateTexts("a").join("\n");
    expect(told).toContain("couldn't open a private space");
    expect(told).toContain("offline");
    expect(second.platform.privateTexts("org").join("\n")).toContain("could not get a private space");
    expect(round?.groups.every((g) => g.status !== "pending") ?? true).toBe(true);
  });
});

describe("deadlines after a restart", () => {
  /** A process that dies while running the round-end job leaves its lease behind. */
  async function diedHoldingTheRoundEnd(instanceId: string) {
    const file = sqliteFile();
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform, instanceId: "i1" });
    await lobby(first, ["a", "b"]);
    await first.advance(1 * MIN);
    const endsAt = first.clock.now() + 5 * MIN;
    // The closing post hangs before it reaches the platform: the round-end job never finishes.
    const post = platform.postInSpace.bind(platform);
    platform.postInSpace = (space, message, once) =>
      message.title?.endsWith("time's up") ? never() : post(space, message, once);
    await first.clock.advance(5 * MIN);
    await vi.waitFor(async () => {
      const leases = await first.store.get<string>(
        keys.jobLease((await jobIds(first)).find((id) => id.includes("round-end"))!),
      );
      expect(leases).toBe("i1");
    });
    await kill(first);
    platform.postInSpace = post;
    const clock = new ManualClock(endsAt + 2_000);
    const second = createHarness({ store: createSqliteStore(file), platform, clock, instanceId });
    await second.bot.start();
    return { second, platform, endsAt };
  }
  const closings = (p: FakePlatform) => p.spaces[0]?.messages.filter((m) => m.title?.endsWith("time's up")).length;
  const jobIds = async (h: Harness) => (await h.store.get<string[]>(keys.jobsIndex())) ?? [];

  it("takes over the leases its own killed predecessor left at once: the round still ends within seconds", async () => {
    const { second, platform, endsAt } = await diedHoldingTheRoundEnd("i1");
    await second.advance(0);
    expect(closings(platform)).toBe(1);
    expect(second.clock.now() - endsAt).toBeLessThanOrEqual(5_000);
  });

  it("respects another instance's lease (it may still be running the job)", async () => {
    const { second, platform } = await diedHoldingTheRoundEnd("i2");
    await second.advance(10_000);
    expect(closings(platform)).toBe(0);
  });

  it("skips a nudge that fell due while the bot was down once the round's end supersedes it", async () => {
    const file = sqliteFile();
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform, instanceId: "i1" });
    await lobby(first, ["a", "b"]);
    await first.advance(1 * MIN + 3 * MIN);
    await kill(first);
    // Down from 1 min before the nudge until 10 s before the end: the nudge is due, "time's up" follows in 10 s.
    const clock = new ManualClock(first.clock.now() + 1 * MIN + 50_000);
    const second = createHarness({ store: createSqliteStore(file), platform, clock, instanceId: "i1" });
    await second.bot.start();
    await second.advance(11_000);
    const messages = platform.spaces[0]!.messages;
    expect(messages.filter((m) => m.text.includes("One minute left"))).toHaveLength(0);
    expect(messages.filter((m) => m.title === "Round 1: time's up")).toHaveLength(1);
  });
});
