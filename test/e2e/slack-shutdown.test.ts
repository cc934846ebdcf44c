import { afterEach, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../adapters/slack/index.ts";
import { commands } from "../../commands/index.ts";
import { createBot } from "../../src/bot.ts";
import { defaultBotConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import { actionOn } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.emu.stop();
  h = undefined;
});

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("graceful shutdown on Slack", () => {
  it("stopped mid fan-out, it returns by its deadline and the next process opens every group left pending", async () => {
    // 24 members in pairs: 12 group DMs, more than Tier 3's burst, so some conversations.open wait in the pacer.
    h = await createSlackHarness({ mode: "http", members: 24 });
    const { emu, driver, members, organizer, bot, clock } = h;
    await h.command(organizer, "start rounds:1 minutes:5 lobby_minutes:1");
    const lobby = emu.messagesIn(h.channelId).at(-1)!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.settle();

    void clock.advance(MIN, async () => {}); // the lobby closes; the round's fan-out starts
    await until(() => emu.mpims().length >= 1);
    const report = await bot.stop({ timeoutMs: 300 });
    expect(report.drained).toBe(false);
    expect(report.ms).toBeLessThan(300 + 2_000 + 500);
    const openedBefore = emu.mpims().length;
    expect(openedBefore).toBeLessThan(12);

    const sessionId = (await bot.engine.sessions.activeIds())[0]!;
    const round = await bot.engine.sessions.round(sessionId, 1);
    expect(round?.groups.some((g) => g.status === "failed")).toBe(false);
    expect(round?.groups.filter((g) => g.status === "pending").length).toBeGreaterThan(0);

    // The next process, on the same store: every group ends up in a group DM, none twice.
    const adapter = createSlackAdapter({
      mode: "http",
      botToken: emu.botToken,
      signingSecret: emu.signingSecret,
      port: 0,
      host: "127.0.0.1",
      apiUrl: emu.apiUrl,
      retryConfig: { retries: 6, factor: 1.5, minTimeout: 20, maxTimeout: 500 },
    });
    const next = createBot({
      commands,
      platforms: [adapter],
      store: bot.engine.store,
      clock,
      logger: silentLogger,
      config: defaultBotConfig,
    });
    await next.start();
    await until(() => emu.mpims().length >= 12, 15_000);
    await adapter.settled();
    await next.idle();
    const grouped = emu.mpims().flatMap((c) => c.members.filter((u) => u !== emu.botUserId));
    expect(grouped.sort()).toEqual([...members].sort());
    const after = await next.engine.sessions.round(sessionId, 1);
    expect(after?.groups.every((g) => g.status === "open" && g.introPosted)).toBe(true);
    await next.stop({ timeoutMs: 1_000 });
  }, 40_000);
});
