import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

let discord: DiscordHarness | undefined;
let slack: SlackHarness | undefined;
afterEach(async () => {
  await discord?.stop();
  await slack?.stop();
  discord = undefined;
  slack = undefined;
});

const typed = { interests: "chess, **go**", city: "Porto", looking_for: "a sponsor", fun_fact: "" };

describe("a profile form with a mistake keeps what was typed", () => {
  it("Discord: says what to fix and reopens the modal (Label components) filled exactly as typed", async () => {
    discord = await createDiscordHarness({ members: 1 });
    const member = discord.driver.member(discord.members[0]!);
    const opener = member.runCommand("profile");
    const modal = await opener.modal();
    expect(modal.components.every((c) => (c as { type: number }).type === 18)).toBe(true);
    const answer = await member.submitModal(opener, typed).reply();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('"a sponsor" isn\'t one of mentor');
    const fix = answer.buttons[0];
    expect(fix?.label).toContain("Fix it");
    const reopened = await member.click(answer.id, fix!.customId).modal();
    const values = Object.fromEntries(
      (reopened.components as Array<{ component: { custom_id: string; value?: string } }>).map((c) => [
        c.component.custom_id,
        c.component.value ?? "",
      ]),
    );
    expect(values).toMatchObject(typed);
  });

  it.each(["http", "socket"] as const)(
    "Slack (%s): the acknowledgement keeps the modal open with the error on its field",
    async (mode) => {
      slack = await createSlackHarness({ mode, members: 1 });
      const member = slack.members[0]!;
      await slack.command(member, "profile");
      const modal = slack.emu.viewsOf(member, "modal").at(-1)!;
      const submit = await slack.driver.submitView(member, modal.id, typed);
      expect(submit.late).toBe(false);
      expect(submit.body).toMatchObject({
        response_action: "errors",
        errors: { looking_for: expect.stringContaining("isn't one of mentor") },
      });
      await slack.settle();
      // Nothing was saved and nothing was echoed into a message.
      expect(JSON.stringify(slack.emu.ephemeralsFor(member))).not.toContain("chess");
    },
  );
});
