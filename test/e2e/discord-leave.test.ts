import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("leaving mid-round on Discord (real discord.js ↔ emulator)", () => {
  it("removes the member from the private thread and tells the others there", async () => {
    h = await createDiscordHarness({ members: 3 });
    const { driver, organizer, members, channelId } = h;
    await driver
      .member(organizer)
      .runCommand("start", { rounds: 1, minutes: 5, lobby_minutes: 1, group_size: 3 })
      .reply();
    await h.settle();
    const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
    const button = (prefix: string) => lobby.buttons.find((b) => b.customId.startsWith(prefix))!.customId;
    for (const m of members) await driver.member(m).click(lobby.id, button("qm:join:")).reply();
    await h.advance(1 * MIN);
    const thread = driver.threads()[0]!;
    const leaver = members[0]!;
    expect(thread.memberIds).toContain(leaver);
    expect((await driver.member(leaver).click(lobby.id, button("qm:leave:")).reply()).content).toContain("You've left");
    await h.settle();
    const after = driver.threads().find((t) => t.id === thread.id)!;
    expect(after.memberIds).not.toContain(leaver);
    expect(after.memberIds).toEqual(expect.arrayContaining(members.slice(1)));
    expect(driver.messages(thread.id).at(-1)?.content).toBe(`<@${leaver}> left this Quick Meet.`);
  });
});
