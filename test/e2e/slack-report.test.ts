import { afterEach, describe, expect, it } from "vitest";
import { actionOn } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("reporting a conversation on Slack (real @slack/bolt ↔ emulator)", () => {
  it("opens a 'what happened?' modal from the Report button and passes the words to the organizer only", async () => {
    h = await createSlackHarness({ mode: "http", members: 2 });
    const { emu, driver, members, organizer, channelId } = h;
    await h.command(organizer, "start rounds:1 minutes:2 lobby_minutes:1");
    const lobby = emu.messagesIn(channelId).at(-1)!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.settle();
    await h.advance(1 * MIN + 2 * MIN);
    const room = emu.mpims()[0]!;
    const closing = emu.messagesIn(room.id).at(-1)!;
    const [reporter, other] = members as [string, string];
    await driver.click(reporter, closing, actionOn(closing, "qm:fb:", ":report"));
    await h.settle();
    const modal = emu.viewsOf(reporter, "modal").at(-1);
    expect(modal?.view.callback_id).toMatch(/^qm:rep:/);
    const submit = await driver.submitView(reporter, modal!.id, { what: "They kept interrupting me." });
    expect(submit.late).toBe(false);
    await h.settle();
    const organizerSees = emu
      .privateMessagesOf(organizer)
      .map((m) => m.text)
      .join("\n");
    expect(organizerSees).toContain("reported their conversation");
    expect(organizerSees).toContain("They kept interrupting me.");
    expect(
      emu
        .privateMessagesOf(other)
        .map((m) => m.text)
        .join("\n"),
    ).not.toContain("interrupting");
  });
});
