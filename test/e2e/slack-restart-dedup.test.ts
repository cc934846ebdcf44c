import { afterEach, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../adapters/slack/index.ts";
import { commands } from "../../commands/index.ts";
import { createBot } from "../../src/bot.ts";
import { defaultBotConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import { keys } from "../../src/store/keys.ts";
import { actionOn } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";
import { ManualClock } from "../fakes/manual-clock.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await h?.stop();
  h = undefined;
});

describe("a Slack message event retried after a restart", () => {
  it("is counted once: the event id is remembered in the store, not only in the process", async () => {
    h = await createSlackHarness({ mode: "http", members: 2 });
    const { emu, driver, members, organizer, channelId } = h;
    await h.command(organizer, "start rounds:1 minutes:5 lobby_minutes:1");
    const lobby = emu.messagesIn(channelId).at(-1)!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.settle();
    await h.advance(1 * MIN);
    const room = emu.mpims()[0]!;
    const writer = members[0]!;
    const first = await driver.userPosts(writer, room.id, "hello");
    await h.settle();

    // The bot restarts on the same store; Slack, having had no timely ack, retries the same event.
    await h.bot.stop();
    await h.adapter.stop();
    const adapter = createSlackAdapter({
      mode: "http",
      botToken: emu.botToken,
      signingSecret: emu.signingSecret,
      port: 0,
      host: "127.0.0.1",
      apiUrl: emu.apiUrl,
    });
    const bot = createBot({
      commands,
      platforms: [adapter],
      store: h.store,
      clock: new ManualClock(h.clock.now()),
      logger: silentLogger,
      config: defaultBotConfig,
    });
    await bot.start();
    cleanups.push(async () => {
      await bot.stop();
      await adapter.stop();
    });
    await emu.driver({ kind: "http", url: adapter.endpointUrl! }).redeliver(first!.sent, 1);
    await adapter.settled();
    await bot.idle();

    const started = (await bot.engine.community.events("slack", emu.teamId)).find((e) => e.type === "session-started");
    const id = started?.type === "session-started" ? started.sessionId : "";
    const round = await bot.engine.sessions.round(id, 1);
    const group = round!.groups.find((g) => g.members.includes(writer))!;
    expect(await h.store.get(keys.messageCount(id, 1, group.id, writer))).toBe(1);
  });
});
