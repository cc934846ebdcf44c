import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("reporting a conversation on Discord (real discord.js ↔ emulator)", () => {
  it("opens a 'what happened?' modal from the Report button and passes the words to the organizer only", async () => {
    h = await createDiscordHarness({ members: 2 });
    const { driver, organizer, members, channelId } = h;
    await driver.member(organizer).runCommand("start", { rounds: 1, minutes: 2, lobby_minutes: 1 }).reply();
    await h.settle();
    const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
    const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
    for (const m of members) await driver.member(m).click(lobby.id, join).reply();
    await h.advance(1 * MIN + 2 * MIN);
    const thread = driver.threads()[0]!;
    const closing = driver.messages(thread.id).at(-1)!;
    const report = closing.buttons.find((b) => b.label === "Report a problem")!;
    const [reporter, other] = members as [string, string];
    const click = driver.member(reporter).click(closing.id, report.customId);
    const modal = await click.modal();
    expect(modal.title).toBe("Report round 1");
    const sent = await driver
      .member(reporter)
      .submitModal(click, { what: "They shared my number without asking." })
      .reply();
    expect(sent.ephemeral).toBe(true);
    expect(sent.content).toContain("The organizers have your words");
    await h.settle();
    const organizerDms = driver.dms(organizer).map((d) => d.content);
    expect(organizerDms.some((t) => t.includes(`<@${reporter}> reported their conversation`))).toBe(true);
    expect(organizerDms.some((t) => t.includes("They shared my number without asking."))).toBe(true);
    expect(
      driver
        .dms(other)
        .map((d) => d.content)
        .join(),
    ).not.toContain("shared my number");
  });
});
