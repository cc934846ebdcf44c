import { afterEach, describe, expect, it } from "vitest";
import type { EventRecord } from "../../src/domain/types.ts";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/stats/chart.ts";
import { keys } from "../../src/store/keys.ts";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";
import { ALL_SCOPES, type EmuFile } from "../emulators/slack/index.ts";

const MIN = 60_000;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Width and height from the IHDR chunk, which must come first after the signature. */
function pngSize(data: Buffer): { width: number; height: number } {
  expect([...data.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(data.readUInt32BE(8)).toBe(13);
  expect(data.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** A CSV (no quoted commas in these files) as header + rows of records. */
function readCsv(file: EmuFile): { header: string[]; rows: Array<Record<string, string>> } {
  const lines = file
    .data!.toString("utf8")
    .split("\r\n")
    .filter((l) => l !== "");
  const header = lines[0]!.split(",");
  const rows = lines.slice(1).map((l) => {
    const cells = l.split(",");
    return Object.fromEntries(header.map((k, i) => [k, cells[i] ?? ""]));
  });
  return { header, rows };
}

/** One 1-round session of 4 members: two pairs, only the first pair talks. */
async function runShortSession(harness: SlackHarness): Promise<void> {
  const { emu, driver, members, channelId } = harness;
  await harness.command(harness.organizer, "start rounds:1 minutes:3 lobby_minutes:1");
  const lobby = emu.messagesIn(channelId).at(-1)!;
  for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
  await harness.settle();
  await harness.advance(1 * MIN);
  const rooms = emu.mpims();
  expect(rooms).toHaveLength(2);
  const talked = rooms[0]!;
  for (const m of talked.members.filter((u) => u !== emu.botUserId)) {
    await driver.userPosts(m, talked.id, "hello");
    await driver.userPosts(m, talked.id, "nice to meet you");
  }
  await harness.advance(3 * MIN);
  await harness.advance(3 * MIN); // the summary follows the end by a few minutes
  expect(emu.privateMessagesOf(harness.organizer).some((m) => m.text.includes("Quick Meet summary"))).toBe(true);
}

describe("/quickmeet stats on Slack (http)", () => {
  it("answers the organizer privately with the figures, and shares the chart and CSVs only in their DM", async () => {
    h = await createSlackHarness({ mode: "http", members: 4 });
    const { emu, organizer, channelId } = h;
    await runShortSession(h);
    const filesBefore = emu.files().length;
    expect(filesBefore).toBe(0);

    const delivery = await h.command(organizer, "stats period:all");
    expect(delivery.late).toBe(false);

    // The figures: an ephemeral reply in the channel that only the organizer sees.
    const reply = emu.ephemeralsFor(organizer).findLast((m) => m.text.includes("Quick Meet stats"));
    expect(reply).toBeDefined();
    expect(reply!.channel).toBe(channelId);
    const shown = shownText(reply!);
    expect(shown).toContain("1 session held, 1 round");
    expect(shown).toContain("4 unique");
    expect(shown).toContain("1 of 2 groups really talked");
    expect(emu.messagesIn(channelId).some((m) => m.text.includes("Quick Meet stats"))).toBe(false);

    // The uploads went through files.uploadV2's three steps, with the scope the emulator checks.
    expect(emu.requests("files.getUploadURLExternal").map((r) => r.ok)).toEqual([true, true, true]);
    expect(emu.requests("files.completeUploadExternal").map((r) => r.ok)).toEqual([true]);

    // Shared only in the organizer's DM with the bot: not the channel, not a group DM, not anyone else's DM.
    const dm = emu.dmOf(organizer)!;
    expect(emu.workspace.channels.get(dm)?.kind).toBe("im");
    expect(emu.membersOf(dm).sort()).toEqual([organizer, emu.botUserId].sort());
    const files = emu.files();
    expect(files).toHaveLength(3);
    for (const f of files) {
      expect(f.completed).toBe(true);
      expect(f.channels).toEqual([dm]);
      expect(f.data?.length).toBe(f.length);
    }
    expect(emu.filesIn(channelId)).toEqual([]);
    const share = emu.messagesIn(dm).find((m) => m.files?.length);
    expect(share?.files).toEqual(files.map((f) => f.id));
    for (const f of files) expect(share?.text).toContain(f.name);

    // The chart: a real PNG of the size src/stats/chart.ts draws.
    const chart = files.find((f) => f.name.endsWith(".png"))!;
    expect(chart.name).toBe("quickmeet-stats-all.png");
    expect(chart.mimetype).toBe("image/png");
    expect(pngSize(chart.data!)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(CHART_WIDTH).toBe(960);
    expect(CHART_HEIGHT).toBe(540);

    // The per-session CSV: one row with the session's figures.
    const sessions = readCsv(files.find((f) => f.name === "quickmeet-sessions-all.csv")!);
    expect(sessions.header.slice(0, 5)).toEqual(["number", "status", "session", "channel", "started_at"]);
    expect(sessions.header).toEqual(expect.arrayContaining(["participants", "groups", "conversations", "no_shows"]));
    expect(sessions.rows).toHaveLength(1);
    expect(sessions.rows[0]).toMatchObject({
      channel: channelId,
      rounds: "1",
      participants: "4",
      groups: "2",
      conversations: "1",
      no_shows: "1",
      messages: "4",
    });

    // The per-member CSV: pseudonymous by default, one row per member.
    const members = readCsv(files.find((f) => f.name === "quickmeet-members-all.csv")!);
    expect(members.header[0]).toBe("member");
    expect(members.header).not.toContain("user_id");
    expect(members.rows).toHaveLength(4);
    expect(members.rows.every((r) => /^member-\d{4}$/.test(r.member!))).toBe(true);
    expect(members.rows.map((r) => r.conversations).sort()).toEqual(["0", "0", "1", "1"]);
    const csvText = files.map((f) => f.data!.toString("utf8")).join("\n");
    for (const m of h.members) expect(csvText).not.toContain(m);

    // A member asking gets the organizer-only refusal, and nothing is uploaded.
    const member = h.members[0]!;
    await h.command(member, "stats period:all");
    const refusal = emu.ephemeralsFor(member).at(-1);
    expect(refusal && shownText(refusal).toLowerCase()).toContain("organizer");
    expect(emu.ephemeralsFor(member).some((m) => m.text.includes("Quick Meet stats"))).toBe(false);
    expect(emu.files()).toHaveLength(3);
    expect(emu.dmOf(member) && emu.filesIn(emu.dmOf(member)!)).toBeFalsy();
    expect(h.driver.acks.filter((a) => a.late)).toEqual([]);

    // `channel:#general`, as the help text says: Slack escapes it to <#C…|general> (should_escape in the manifest).
    const name = emu.workspace.channels.get(channelId)?.name;
    await h.command(organizer, `stats channel:#${name} period:all`);
    const one = shownText(emu.ephemeralsFor(organizer).findLast((m) => m.text.includes("Quick Meet stats"))!);
    expect(one).toContain("1 session held, 1 round");
    expect(one).not.toContain("No Quick Meets in this period");
  });

  it("still gives the figures when files:write is missing, and names the scope instead of failing silently", async () => {
    h = await createSlackHarness({ mode: "http", members: 4 });
    await runShortSession(h);
    h.emu.setScopes(ALL_SCOPES.filter((s) => s !== "files:write"));
    await h.command(h.organizer, "stats period:all");
    const told = h.emu.privateMessagesOf(h.organizer).map(shownText).join("\n");
    expect(told).toContain("1 of 2 groups really talked");
    expect(told).toContain("files:write");
    expect(h.emu.requests("files.getUploadURLExternal").map((r) => r.error)).toContain("missing_scope");
    expect(h.emu.files()).toEqual([]);
  });
});

describe("/quickmeet stats on Slack past 40 channels (defect 3)", () => {
  /** A history with one 2-pair session in each of `names` channels, written as the core records it. */
  async function historyInChannels(harness: SlackHarness, names: readonly string[]): Promise<string[]> {
    const { emu, store, members, organizer } = harness;
    const ids = names.map((n) => emu.workspace.channelByName(n)!.id);
    const events: EventRecord[] = [];
    const options = { rounds: 1, minutesPerRound: 5, lobbyMinutes: 2, groupSize: 2 as const, breakSeconds: 30 };
    let at = harness.clock.now() - 20 * 86_400_000;
    ids.forEach((channelId, i) => {
      const sessionId = `s${i}`;
      at += 60 * MIN;
      events.push({ type: "session-started", at, sessionId, channelId, organizerId: organizer, options });
      for (const userId of members) events.push({ type: "joined", at: at + 1, sessionId, userId });
      const pair = [members[0]!, members[1]!];
      events.push({
        type: "grouped",
        at: at + 2,
        sessionId,
        round: 1,
        groupId: "g1",
        members: pair,
        topics: [],
        score: 1,
      });
      events.push({ type: "session-ended", at: at + 10, sessionId, reason: "completed" });
    });
    await store.append(keys.events("slack", emu.teamId), events);
    return ids;
  }

  it("posts the organizer's stats over 60 channels in full, and publishes their App Home", async () => {
    const names = Array.from({ length: 60 }, (_, i) => `community-channel-${i}`);
    // Stats count each channel's members (conversations.members, Tier 4): Slack's pace, 100 times faster.
    h = await createSlackHarness({
      mode: "http",
      members: 4,
      extraChannels: names,
      pacing: { scale: 100 },
      rateLimits: { scale: 100 },
    });
    const ids = await historyInChannels(h, names);

    await h.command(h.organizer, "stats period:all");
    const replies = h.emu.ephemeralsFor(h.organizer);
    const shown = replies.map(shownText).join("\n");
    expect(shown).toContain("60 sessions");
    // Every channel's participation line arrived (split over sections, not cut), and nothing was refused.
    for (const id of ids) expect(shown).toContain(id);
    expect(shown).toMatch(/\*Participation\*\n/);
    expect(shown).not.toContain("did not work");

    await h.driver.openHome(h.organizer);
    await h.settle();
    expect(h.emu.requests("views.publish").map((r) => r.ok)).toEqual([true]);
    const home = JSON.stringify(h.emu.viewsOf(h.organizer, "home").at(-1)!.view);
    for (const id of ids) expect(home).toContain(id);
  });
});
