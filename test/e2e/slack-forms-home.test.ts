import { afterEach, describe, expect, it } from "vitest";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";
import { ALL_SCOPES } from "../emulators/slack/index.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const homeText = (view: Record<string, unknown>) =>
  ((view.blocks as Array<{ text?: { text?: string }; fields?: Array<{ text: string }> }>) ?? [])
    .flatMap((b) => [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)])
    .join("\n");

describe.each(["http", "socket"] as const)("Slack forms and App Home (%s)", (mode) => {
  it("opens the profile modal from /quickmeet profile and saves what the member typed", async () => {
    h = await createSlackHarness({ mode, members: 2 });
    const member = h.members[0]!;
    await h.command(member, "profile");
    const modal = h.emu.viewsOf(member, "modal").at(-1);
    expect(modal?.view.callback_id).toBe("profile");
    const submit = await h.driver.submitView(member, modal!.id, {
      interests: "hiking, public relations",
      city: "Lisbon",
    });
    expect(submit.late).toBe(false);
    await h.settle();
    await h.command(member, "me");
    const me = h.emu.ephemeralsFor(member).at(-1);
    expect(me && shownText(me)).toContain("hiking");
  });

  it("publishes the member's App Home when they open it", async () => {
    h = await createSlackHarness({ mode, members: 2 });
    const member = h.members[0]!;
    await h.command(member, 'profile interests:"chess, jazz" city:Porto');
    await h.driver.openHome(member);
    await h.settle();
    const home = h.emu.viewsOf(member, "home").at(-1);
    expect(home).toBeDefined();
    expect(homeText(home!.view)).toContain("chess");
    expect(homeText(home!.view)).not.toContain("Organizer summary");
  });

  it("adds the organizer's 30-day summary to an organizer's App Home, without files", async () => {
    h = await createSlackHarness({ mode, members: 2 });
    await h.command(h.organizer, "start rounds:1 minutes:2 lobby_minutes:1");
    const lobby = h.emu.messagesIn(h.channelId).at(-1)!;
    for (const m of h.members) await h.driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.settle();
    await h.advance(4 * MIN);
    await h.driver.openHome(h.organizer);
    await h.settle();
    const text = homeText(h.emu.viewsOf(h.organizer, "home").at(-1)!.view);
    expect(text).toContain("Organizer summary");
    expect(text).toMatch(/1 session/);
    expect(h.emu.files()).toHaveLength(0);
  });

  it("counts messages in group DMs and tells the organizer when the scope to open them is gone mid-session", async () => {
    h = await createSlackHarness({ mode, members: 4 });
    await h.command(h.organizer, "start rounds:2 minutes:3 lobby_minutes:1 break_seconds:30");
    const lobby = h.emu.messagesIn(h.channelId).at(-1)!;
    for (const m of h.members) await h.driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.settle();
    await h.advance(1 * MIN);
    const rooms = h.emu.mpims();
    expect(rooms).toHaveLength(2);
    const talked = rooms[0]!;
    for (const m of talked.members.filter((u) => u !== h!.emu.botUserId))
      await h.driver.userPosts(m, talked.id, "hello!");
    await h.settle();
    // An admin removes mpim:write before round 2.
    h.emu.setScopes(ALL_SCOPES.filter((s) => s !== "mpim:write"));
    await h.advance(3 * MIN + 30_000);
    const told = h.emu.privateMessagesOf(h.organizer).map(shownText).join("\n");
    expect(told).toContain("mpim:write");
    await h.advance(3 * MIN);
    await h.advance(3 * MIN); // the summary follows the end by a few minutes
    const summary = h.emu.privateMessagesOf(h.organizer).find((m) => m.text.includes("Quick Meet summary"));
    expect(summary && shownText(summary)).toMatch(/Conversations that happened\*?\n1 of /);
  });
});
