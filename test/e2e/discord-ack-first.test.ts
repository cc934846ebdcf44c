import { InteractionResponseType } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Starts a Quick Meet and clicks Join as `member`; returns the reply text and how Discord was first answered. */
async function joinOnce(harness: DiscordHarness) {
  const { driver, organizer, members, channelId, emu } = harness;
  await driver.member(organizer).runCommand("start", { rounds: 1, minutes: 5, lobby_minutes: 5 }).reply();
  await harness.settle();
  const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
  const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
  const reply = await driver.member(members[0]!).click(lobby.id, join).reply();
  await harness.settle();
  const clicks = [...emu.state.interactions.values()].filter((r) => r.kind === "component");
  return { text: reply.content, callbackType: clicks.at(-1)?.callbackType };
}

describe("Discord clicks on a busy machine", () => {
  it("answers a click inside its acknowledgement while the event loop is on time", async () => {
    h = await createDiscordHarness({ members: 2, eventLoopLagMs: () => 0 });
    const { text, callbackType } = await joinOnce(h);
    expect(text).toContain("You're in");
    expect(callbackType).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it("acknowledges first when the event loop lags, and still tells the member", async () => {
    h = await createDiscordHarness({ members: 2, eventLoopLagMs: () => 500 });
    const { text, callbackType } = await joinOnce(h);
    expect(text).toContain("You're in");
    expect(callbackType).toBe(InteractionResponseType.DeferredMessageUpdate);
  });
});
