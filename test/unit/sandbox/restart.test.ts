import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ORGANIZER_ID } from "../../../adapters/sandbox/index.ts";
import { createSqliteStore } from "../../../src/store/sqlite.ts";
import { type SandboxFixture, startSandbox } from "./sandbox-fixture.ts";

/** `npm start`, stop, `npm start` again: the SQLite store and the sandbox's state file carry everything over. */
describe("sandbox across a restart", () => {
  let dir: string;
  let f: SandboxFixture | undefined;
  const files = () => ({ store: createSqliteStore(join(dir, "quickmeet.sqlite")), stateFile: join(dir, "world.json") });
  const stop = async () => {
    await f?.stop();
    await f?.store.close();
    f = undefined;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "qm-sandbox-restart-"));
  });
  afterEach(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps sessions and stats in the SQLite store", async () => {
    f = await startSandbox(files());
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    for (let i = 0; i < 4; i++) await f.fastForward();
    await stop();
    f = await startSandbox({ ...files(), autoplay: false });
    const events = await f.bot.engine.community.events("sandbox", "T0SANDBOX");
    expect(events.some((e) => e.type === "session-ended")).toBe(true);
  });

  it("resumes a round mid-way: the same spaces, the lobby, sandbox time and the round's end all carry over", async () => {
    f = await startSandbox(files());
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    await f.fastForward();
    const before = await f.state("UAMARA");
    const skipped = f.clock.skippedMs;
    expect(before.spaces).toHaveLength(1);
    await stop();

    f = await startSandbox(files());
    const after = await f.state("UAMARA");
    expect(after.spaces.map((s) => s.id)).toEqual(before.spaces.map((s) => s.id));
    expect(after.channel.messages.map((m) => m.id)).toEqual(before.channel.messages.map((m) => m.id));
    expect(f.clock.skippedMs).toBeGreaterThanOrEqual(skipped);
    // The stored deadlines fire into the restored spaces: nudge, then the closing message, then the summary.
    for (let i = 0; i < 3; i++) expect((await f.fastForward()).moved).toBe(true);
    const space = (await f.state("UAMARA")).spaces[0]!;
    expect(space.closed).toBe(false);
    expect(space.messages.some((m) => m.title === "Round 1: time's up")).toBe(true);
    expect((await f.state(ORGANIZER_ID)).private.some((m) => m.title?.startsWith("Quick Meet summary"))).toBe(true);
    // New ids never collide with restored ones.
    const ids = [...f.world.spaces.values()].flatMap((s) => s.messages.map((m) => m.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
