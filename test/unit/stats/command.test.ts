import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/platform/inbound.ts";
import type { Attachment } from "../../../src/platform/port.ts";
import { CHART_HEIGHT, CHART_WIDTH } from "../../../src/stats/chart.ts";
import { createHarness, type Harness, replyText } from "../../fakes/harness.ts";
import { parseCsv, pngSize } from "./png.ts";

const MIN = 60_000;
const PEOPLE = ["alice01", "bob02", "carol03", "dave04"];

/**
 * Runs a real one-round Quick Meet of four through the bot: in the first space both members write, in the second only
 * one does; the first pair rates it great and both say yes to staying in touch.
 */
async function runSession(h: Harness) {
  expect(replyText(await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true))).toContain(
    "Quick Meet started",
  );
  const join = h.lobby()?.message.buttons?.[0]?.[0]?.actionId ?? "";
  for (const m of PEOPLE) await h.click(m, join);
  await h.advance(1 * MIN);
  const [talk, quiet] = h.platform.spaces;
  if (!talk || !quiet) throw new Error("expected two spaces");
  for (const m of talk.members) {
    await h.bot.recordSpaceMessage("fake", h.community, talk.spaceId, m);
    await h.bot.recordSpaceMessage("fake", h.community, talk.spaceId, m);
  }
  await h.bot.recordSpaceMessage("fake", h.community, quiet.spaceId, quiet.members[0]!);
  await h.advance(3 * MIN);
  const closing = talk.messages.at(-1)!;
  for (const m of talk.members) {
    await h.click(m, closing.buttons?.[0]?.[0]?.actionId ?? "");
    await h.click(m, closing.buttons?.[1]?.[0]?.actionId ?? "");
  }
  await h.advance(1000);
  return { talk, quiet };
}

const attachmentsOf = (reply: Reply): readonly Attachment[] =>
  reply.kind === "message" ? (reply.message.attachments ?? []) : [];
const text = (a: Attachment | undefined) => new TextDecoder().decode(a?.data);
const field = (reply: Reply, label: string) =>
  reply.kind === "message" ? reply.message.fields?.find((f) => f.label === label)?.value : undefined;

describe("/quickmeet stats through the bot", () => {
  it("answers an organizer privately with the figures, a chart PNG and CSVs", async () => {
    const h = createHarness();
    await runSession(h);
    const reply = await h.command("org", "stats", {}, true);
    expect(reply.kind === "message" && reply.visibility).toBe("private");
    expect(field(reply, "Sessions")).toBe("1 session held, 1 round");
    expect(field(reply, "Participants")).toBe("4 unique: 4 new, 0 returning · 4 in a group");
    expect(field(reply, "Participation")).toBe("<#chan-1>: 4 of 50 members (8%)");
    expect(field(reply, "Conversations")).toBe("1 of 2 groups really talked (50%) · 1 no-show");
    expect(field(reply, "Messages")).toBe("2.5 per group on average (5 in 2 groups)");
    expect(field(reply, "Feedback")).toBe("great 2 · ok 0 · not great 0 · report 0 (2 answers)");
    expect(field(reply, "Stay in touch")).toBe("2 yes · 0 no (one answer per person per group) → 1 mutual connection");
    expect(field(reply, "Repeat pairs")).toBe("0 of 2 pairs had met before (0%)");

    const [png, sessions, members] = attachmentsOf(reply);
    expect(png).toMatchObject({ name: "quickmeet-stats-30d.png", contentType: "image/png" });
    expect(png?.data).toBeInstanceOf(Uint8Array);
    expect(pngSize(png!.data)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(sessions).toMatchObject({ name: "quickmeet-sessions-30d.csv", contentType: "text/csv" });
    const rows = parseCsv(text(sessions));
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(rows[0]!.map((k, i) => [k, rows[1]![i]]));
    expect(row).toMatchObject({ channel: "chan-1", end_reason: "completed", participants: "4", conversations: "1" });
    const memberRows = parseCsv(text(members));
    expect(memberRows).toHaveLength(5);
    for (const id of PEOPLE) expect(text(members)).not.toContain(id);
  });

  it("puts names in the member CSV only when asked", async () => {
    const h = createHarness();
    await runSession(h);
    const members = attachmentsOf(await h.command("org", "stats", { names: "true", period: "last" }, true))[2];
    expect(members?.name).toBe("quickmeet-members-last-session.csv");
    const rows = parseCsv(text(members));
    expect(rows[0]?.slice(0, 3)).toEqual(["member", "user_id", "name"]);
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(PEOPLE);
    expect(rows.slice(1).map((r) => r[2])).toContain("Name alice01");
  });

  it("never names a member who used forget-me, in the reply or any CSV", async () => {
    const h = createHarness();
    const { talk } = await runSession(h);
    const [gone, partner] = talk.members as [string, string];
    expect(replyText(await h.command(gone, "forget-me", { confirm: true }))).toContain("Done");
    const reply = await h.command("org", "stats", { names: true, period: "all" }, true);
    const everything = [replyText(reply), ...attachmentsOf(reply).slice(1).map(text)].join("\n");
    expect(everything).not.toContain(gone);
    expect(everything).not.toContain("forgotten-");
    expect(field(reply, "Participants")).toBe("4 unique: 4 new, 0 returning · 4 in a group");
    expect(replyText(reply)).toContain("1 participant deleted their data");
    expect(parseCsv(text(attachmentsOf(reply)[2]))).toHaveLength(4);
    const mine = replyText(await h.command(partner, "me"));
    expect(mine).not.toContain(gone);
    expect(mine).not.toContain("forgotten-");
    expect(mine).toContain("a former member");
  });

  it("refuses a member who is not an organizer", async () => {
    const h = createHarness();
    await runSession(h);
    const reply = await h.command("bob02", "stats");
    expect(replyText(reply)).toContain("Only organizers can use `/quickmeet stats`");
    expect(attachmentsOf(reply)).toEqual([]);
  });

  it("says so when the period has no sessions, without attachments", async () => {
    const h = createHarness();
    const reply = await h.command("org", "stats", { period: "7d" }, true);
    expect(replyText(reply)).toContain("No Quick Meets in this period");
    expect(attachmentsOf(reply)).toEqual([]);
    await runSession(h);
    const other = await h.command("org", "stats", { channel: "<#other-chan>" }, true);
    expect(replyText(other)).toContain("No Quick Meet has ever run in \\#other\\-chan");
    expect(attachmentsOf(other)).toEqual([]);
    const old = await h.command("org", "stats", { period: "7d", channel: "<#chan-1>" }, true);
    expect(replyText(old)).toContain("<#chan-1>");
    expect(field(await h.command("org", "stats", { channel: "<#chan-1|general>" }, true), "Sessions")).toBe(
      "1 session held, 1 round",
    );
  });

  it("explains a bad option", async () => {
    const h = createHarness();
    const reply = await h.command("org", "stats", { period: "fortnight" }, true);
    expect(replyText(reply)).toContain("period must be one of last-session, 7d, 30d, 90d, all");
  });

  it("keeps going when the platform can't count the channel", async () => {
    const h = createHarness();
    await runSession(h);
    h.platform.countChannelMembers = async () => {
      throw new Error("no access");
    };
    const reply = await h.command("org", "stats", {}, true);
    expect(field(reply, "Participation")).toBe("<#chan-1>: 4 took part (channel size unknown)");
  });
});

describe("/quickmeet me", () => {
  it("shows people met, conversations, connections and a short history", async () => {
    const h = createHarness();
    const { talk, quiet } = await runSession(h);
    const [me, partner] = talk.members as [string, string];
    const reply = await h.command(me, "me");
    expect(field(reply, "Sessions")).toBe("1");
    expect(field(reply, "Conversations")).toBe("1 of 1 group really talked · you wrote 2 messages");
    expect(field(reply, "People met")).toBe(`1: <@${partner}>`);
    expect(field(reply, "Connections")).toBe(`1: <@${partner}>`);
    expect(field(reply, "Recent sessions")).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d in <#chan-1>: round 1 with <@${partner}> \\(talked, you wrote 2\\) · connected with <@${partner}>$`,
      ),
    );
    const silent = quiet.members[1]!;
    expect(field(await h.command(silent, "me"), "Recent sessions")).toContain("(no conversation, you wrote 0)");
    expect(field(await h.command("newcomer", "me"), "People met")).toBe("nobody yet");
  });
});
