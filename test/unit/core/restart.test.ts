import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../../src/store/sqlite.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { createHarness } from "../../fakes/harness.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";

const MIN = 60_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sqliteFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "quickmeet-restart-"));
  dirs.push(dir);
  return join(dir, "quickmeet.sqlite");
}

describe("a restart in the middle of a round", () => {
  it("resumes from the SQLite file: the round ends on time, nothing is posted twice, the next round runs", async () => {
    const file = sqliteFile();
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform });
    await first.bot.start();
    await first.command("org", "start", { rounds: 2, minutes: 5, lobby_minutes: 1, break_seconds: 20 }, true);
    const join = platform.channelPosts[0]!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b", "c", "d", "e"]) await first.click(m, join);
    await first.advance(1 * MIN + 1 * MIN);
    const round1 = platform.spacesOfRound(1);
    expect(round1).toHaveLength(2);

    // The process dies: its timers are gone; only the SQLite file and the platform remain.
    first.bot.engine.jobs.stop();
    await first.store.close();
    const downFor = 30_000;
    const clock = new ManualClock(first.clock.now() + downFor);
    const second = createHarness({ store: createSqliteStore(file), platform, clock });
    await second.bot.start();

    await second.advance(4 * MIN - downFor - 1_000); // one second before the round's stored end
    expect(round1.every((s) => !s.closed)).toBe(true);
    expect(round1.every((s) => s.messages.filter((m) => m.text.includes("One minute left")).length === 1)).toBe(true);
    await second.advance(2_000);
    expect(round1.every((s) => s.messages.at(-1)?.title === "Round 1: time's up")).toBe(true);
    for (const s of round1) {
      expect(s.messages.filter((m) => m.title?.startsWith("Quick Meet · Round 1")).length).toBe(1);
      expect(s.messages.filter((m) => m.title === "Round 1: time's up").length).toBe(1);
    }
    await second.advance(20_000);
    expect(platform.spacesOfRound(2)).toHaveLength(2);
    await second.advance(5 * MIN + 3 * MIN);
    expect(platform.privateTexts("org").filter((t) => t.includes("Quick Meet summary"))).toHaveLength(1);
    // The answer windows ran out on the restarted process's clock: every space is closed.
    await second.advance(7 * MIN);
    expect(platform.spaces.every((s) => s.closed)).toBe(true);
    await second.store.close();
  });

  it("finishes opening the groups a dead process left half done, each intro posted once", async () => {
    const file = sqliteFile();
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform });
    await first.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 1 }, true);
    const join = platform.channelPosts[0]!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b", "c", "d", "e", "f"]) await first.click(m, join);
    // Opening hangs after the first space, as if the process froze mid-fan-out.
    const open = platform.openGroupSpace.bind(platform);
    let opened = 0;
    platform.openGroupSpace = (req) => (++opened > 1 ? new Promise(() => {}) : open(req));
    await first.clock.advance(1 * MIN);
    await new Promise((r) => setTimeout(r, 200));
    expect(platform.spaces).toHaveLength(1);
    first.bot.engine.jobs.stop();
    // The process is dead: the operating system drops its lock on the file (closed here for it).
    await first.store.close();

    platform.openGroupSpace = open;
    const second = createHarness({
      store: createSqliteStore(file),
      platform,
      clock: new ManualClock(first.clock.now() + 5_000),
    });
    await second.bot.start();
    await second.advance(0); // the resumed opening is a stored job due now
    expect(platform.spaces).toHaveLength(3);
    expect(platform.spaces.flatMap((s) => s.members).sort()).toEqual(["a", "b", "c", "d", "e", "f"]);
    for (const s of platform.spaces)
      expect(s.messages.filter((m) => m.title === "Quick Meet · Round 1 of 1")).toHaveLength(1);
    await second.store.close();
  });
});
