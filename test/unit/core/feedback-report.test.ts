import { describe, expect, it } from "vitest";
import { parseAction } from "../../../src/messages/actions.ts";
import { createHarness, replyText } from "../../fakes/harness.ts";

const MIN = 60_000;

async function closedPair() {
  const h = createHarness();
  await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true);
  const join = h.lobby()!.message.buttons![0]![0]!.actionId;
  for (const m of ["a", "b"]) await h.click(m, join);
  await h.advance(1 * MIN + 3 * MIN);
  const closing = h.platform.spaces[0]!.messages.at(-1)!;
  const rating = (label: string) => closing.buttons![0]!.find((b) => b.label === label)!.actionId;
  return { h, rating };
}

describe("feedback", () => {
  it("says a second rating changed nothing, so a page does not mark it chosen", async () => {
    const { h, rating } = await closedPair();
    expect((await h.click("a", rating("Great"))).unchanged).toBeUndefined();
    const second = await h.click("a", rating("Not great"));
    expect(second.unchanged).toBe(true);
    expect(second.privateMessage?.text).toContain("the first answer is the one that counts");
  });

  it("asks a reporter what happened in a form and passes it to the organizers only", async () => {
    const { h, rating } = await closedPair();
    const report = await h.click("a", rating("Report a problem"));
    expect(h.platform.privateTexts("org").some((t) => t.includes("<@a> reported their conversation"))).toBe(true);
    const form = report.form!;
    expect(form.fields.map((f) => f.id)).toEqual(["what"]);
    expect(form.title.length).toBeLessThanOrEqual(45);
    expect(parseAction(form.formId)).toMatchObject({ kind: "report-details", round: 1 });

    // Someone else cannot use the reporter's form, nor can a member who did not report.
    expect(replyText(await h.bot.submitForm(h.inv("b"), form.formId, { what: "fake" }))).toContain("Report button");
    expect(replyText(await h.bot.submitForm(h.inv("zed"), form.formId, { what: "fake" }))).toContain("Report button");

    const sent = await h.bot.submitForm(h.inv("a"), form.formId, { what: "They were rude about my accent." });
    expect(replyText(sent)).toContain("The organizers have your words");
    const details = h.platform.privateTexts("org").find((t) => t.includes("Details of a Quick Meet report"));
    expect(details).toContain("They were rude about my accent.");
    expect(h.platform.privateTexts("b").join()).not.toContain("rude");
    expect(h.platform.privateTexts("org").join()).not.toContain("fake");
  });
});

describe("/quickmeet me", () => {
  it("names the members you blocked, with a button that lifts each block", async () => {
    const h = createHarness();
    await h.command("a", "block", { member: "b" });
    await h.command("a", "block", { member: "c" });
    const me = await h.command("a", "me");
    if (me.kind !== "message") throw new Error("expected a message");
    expect(me.message.fields?.find((f) => f.label === "Blocked")?.value).toBe("2: <@b> <@c>");
    const buttons = me.message.buttons?.flat() ?? [];
    expect(buttons.map((b) => b.label)).toEqual(["Unblock Member b", "Unblock Member c"]);
    const lifted = await h.click("a", buttons[0]!.actionId);
    expect(lifted.privateMessage?.text).toContain("Block lifted: you may be grouped with <@b> again");
    expect((await h.bot.engine.community.memberState("fake", h.community, "a")).blocked).toEqual(["c"]);
  });
});
