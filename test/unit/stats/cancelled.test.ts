import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/platform/inbound.ts";
import { chartPoints } from "../../../src/stats/chart.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { createHarness, type Harness, replyText } from "../../fakes/harness.ts";
import { parseCsv } from "./png.ts";

const MIN = 60_000;
const field = (reply: Reply, label: string) =>
  reply.kind === "message" ? reply.message.fields?.find((f) => f.label === label)?.value : undefined;
/** The channel's latest lobby as it reads now (its last edit). */
const lobbyNow = (h: Harness) => {
  const post = h.platform.channelPosts.at(-1);
  return post?.edits.at(-1) ?? post?.message;
};
const csv = (reply: Reply, n: number) =>
  parseCsv(new TextDecoder().decode(reply.kind === "message" ? reply.message.attachments?.[n]?.data : undefined));

/** `/quickmeet start`, two members join the lobby, `/quickmeet end` before round 1: what issue 18 did six times. */
async function cancelLobby(h: Harness): Promise<Reply> {
  await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 2 }, true);
  const lobby = h.platform.channelPosts.at(-1);
  const join = lobby?.message.buttons?.[0]?.[0]?.actionId ?? "";
  await h.click("ann", join);
  await h.click("ben", join);
  await h.advance(30_000);
  const reply = await h.command("org", "end", {}, true);
  await h.advance(5 * MIN); // past the moment a summary would be sent
  return reply;
}

describe("a Quick Meet ended in its lobby is a cancelled session", () => {
  it("tells the channel it was cancelled before it started, and sends no summary", async () => {
    const h = createHarness();
    const reply = await cancelLobby(h);
    expect(replyText(reply)).toContain("cancelled before it started");
    expect(replyText(reply)).toContain("no summary");
    const lobby = lobbyNow(h);
    expect(lobby?.title).toBe("Quick Meet: cancelled");
    expect(lobby?.text).toContain("cancelled before it started by the organizer");
    expect(lobby?.text).not.toContain("Thanks to everyone who took part");
    const toOrganizer = h.platform.privateMessages.get("org") ?? [];
    expect(toOrganizer.map((m) => m.title ?? "")).not.toContainEqual(expect.stringContaining("summary"));
  });

  it("says so too when the lobby closes with one person", async () => {
    const h = createHarness();
    await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true);
    await h.click("ann", h.lobby()?.message.buttons?.[0]?.[0]?.actionId ?? "");
    await h.advance(5 * MIN);
    expect(lobbyNow(h)?.text).toContain("cancelled before it started: 1 person joined, and it takes at least 2");
    expect((h.platform.privateMessages.get("org") ?? []).map((m) => m.title)).toEqual([
      "Quick Meet: not enough people",
    ]);
  });

  it("counts six cancelled lobbies apart: never a held session, a bar, or a session in anyone's count", async () => {
    const h = createHarness();
    for (let i = 0; i < 6; i++) await cancelLobby(h);
    const none = await h.command("org", "stats", {}, true);
    expect(replyText(none)).toContain("No Quick Meet was held in this period (6 cancelled before they started)");

    // Then one real session: ann, ben, cat, dan in two pairs.
    await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true);
    const join = h.platform.channelPosts.at(-1)?.message.buttons?.[0]?.[0]?.actionId ?? "";
    for (const m of ["ann", "ben", "cat", "dan"]) await h.click(m, join);
    await h.advance(MIN);
    await h.advance(3 * MIN);
    await h.advance(5 * MIN);

    const reply = await h.command("org", "stats", { names: true }, true);
    expect(field(reply, "Sessions")).toBe("1 session held, 1 round · 6 cancelled before they started");
    // ann and ben joined seven lobbies but took part in one held session.
    expect(field(reply, "Participants")).toBe("4 unique: 4 new, 0 returning · 4 in a group");
    const members = csv(reply, 2);
    const col = (name: string) => members[0]!.indexOf(name);
    for (const row of members.slice(1)) expect(row[col("sessions")]).toBe("1");
    const sessions = csv(reply, 1);
    expect(sessions.slice(1).map((r) => r[1])).toEqual([...Array(6).fill("cancelled"), "held"]);

    const events = await h.bot.engine.community.events("fake", h.community);
    const report = computeStats(events, { period: "30d", now: h.clock.now() });
    expect(chartPoints(report.perSession).points).toHaveLength(1);
    expect(report.perMember.find((m) => m.userId === "ann")?.sessions).toBe(1);
    // ann's own view agrees: one session, not seven.
    expect(field(await h.command("ann", "me"), "Sessions")).toBe("1");
  });
});
