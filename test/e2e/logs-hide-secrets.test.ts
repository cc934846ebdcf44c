import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";
import { actionOn } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";
import { captureLogs } from "../fakes/captured-logs.ts";

const MIN = 60_000;
// What members typed: unique words so any leak into a log line is found by a plain search.
const PROFILE_WORD = "zanzibarquokka";
const CHAT_WORD = "marmaladeotter";

let slack: SlackHarness | undefined;
let discord: DiscordHarness | undefined;
afterEach(async () => {
  await slack?.stop();
  await discord?.stop();
  slack = undefined;
  discord = undefined;
});

/** Every line is JSON from pino, the run produced real log traffic, and none of `secrets` appears anywhere. */
function expectClean(lines: string[], secrets: string[]) {
  expect(lines.length).toBeGreaterThan(3);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  expect(lines.some((l) => l.includes('"msg":"round planned"'))).toBe(true);
  for (const secret of secrets) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
}

describe("log lines of a whole Quick Meet (debug level, production logger)", () => {
  it("on Slack hold no token, signing secret, profile field or message text", async () => {
    const { logger, lines } = captureLogs();
    slack = await createSlackHarness({ mode: "socket", members: 4, logger });
    const { emu, driver, members, organizer } = slack;
    for (const m of members) await slack.command(m, `profile interests:"${PROFILE_WORD}, jazz" city:Porto`);
    await slack.command(organizer, "start rounds:1 minutes:2 lobby_minutes:1");
    const lobby = emu.messagesIn(slack.channelId).at(-1)!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await slack.settle();
    await slack.advance(MIN);
    for (const room of emu.mpims()) {
      for (const m of room.members.filter((u) => u !== emu.botUserId)) {
        await driver.userPosts(m, room.id, `${CHAT_WORD} hello`);
      }
    }
    await slack.advance(3 * MIN);
    expect(emu.mpims().length).toBe(2);
    expectClean(lines, [emu.botToken, emu.signingSecret, emu.appToken, PROFILE_WORD, CHAT_WORD]);
  });

  it("on Discord hold no bot or interaction token, profile field or message text", async () => {
    const { logger, lines } = captureLogs();
    discord = await createDiscordHarness({ members: 4, logger });
    const { driver, members, organizer, channelId, emu } = discord;
    for (const m of members) {
      const opener = driver.member(m).runCommand("profile");
      await opener.modal();
      await driver
        .member(m)
        .submitModal(opener, { interests: `${PROFILE_WORD}, jazz`, field: "Botany" })
        .reply();
    }
    await driver.member(organizer).runCommand("start", { rounds: 1, minutes: 2, lobby_minutes: 1 }).reply();
    await discord.settle();
    const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
    const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
    for (const m of members) await driver.member(m).click(lobby.id, join).reply();
    await discord.advance(MIN);
    const threads = driver.threads(channelId);
    expect(threads.length).toBe(2);
    for (const t of threads) {
      for (const m of t.memberIds.filter((u) => u !== emu.botUserId)) driver.member(m).say(t.id, `${CHAT_WORD} hi`);
    }
    await discord.settle();
    await discord.advance(3 * MIN);
    // Interaction tokens are credentials too (they authorise the replies for 15 minutes).
    const interactionTokens = [...emu.state.interactions.values()].map((r) => r.token);
    expect(interactionTokens.length).toBeGreaterThan(5);
    expectClean(lines, [emu.token, PROFILE_WORD, CHAT_WORD, ...interactionTokens]);
  });
});
