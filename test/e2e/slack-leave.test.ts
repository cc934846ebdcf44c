import { afterEach, describe, expect, it } from "vitest";
import { actionOn } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("leaving mid-round on Slack (real @slack/bolt ↔ emulator)", () => {
  it("says in the group DM that the member left and may still read it, and stops counting them", async () => {
    h = await createSlackHarness({ mode: "http", members: 3 });
    const { emu, driver, members, organizer, channelId } = h;
    await h.command(organizer, "start rounds:1 minutes:5 lobby_minutes:1 group_size:3");
    const lobby = emu.messagesIn(channelId).at(-1)!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.settle();
    await h.advance(1 * MIN);
    const room = emu.mpims()[0]!;
    const leaver = members[0]!;
    await driver.click(leaver, lobby, actionOn(lobby, "qm:leave:"));
    await h.settle();
    expect(room.members).toContain(leaver);
    expect(emu.messagesIn(room.id).at(-1)?.text).toContain(
      `left this Quick Meet. This conversation can't drop a member`,
    );
    await driver.userPosts(leaver, room.id, "still here");
    await driver.userPosts(members[1]!, room.id, "hello");
    await h.settle();
    await h.advance(5 * MIN);
    const events = await h.bot.engine.community.events("slack", emu.workspace.teamId);
    const counted = events.find((e) => e.type === "messages-counted");
    expect(counted && "counts" in counted ? counted.counts[leaver] : undefined).toBe(0);
  });
});
