import { crc32, inflateSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/stats/chart.ts";
import type { AttachmentView } from "../emulators/discord/driver.ts";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Walks a PNG as a decoder would: signature, IHDR first, every chunk's CRC, IEND last, and the inflated image data
 * exactly as long as IHDR says (one filter byte per row). Returns the IHDR figures.
 */
function readPng(data: Buffer) {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const chunks: Array<{ type: string; body: Buffer }> = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString("latin1", at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    expect(data.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(data.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, body });
    at += 12 + length;
  }
  expect(chunks[0]?.type).toBe("IHDR");
  expect(chunks.at(-1)?.type).toBe("IEND");
  const ihdr = chunks[0]!.body;
  const [width, height, bitDepth, colorType] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8]!, ihdr[9]!];
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType] ?? 0;
  const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.body)));
  expect(pixels.length).toBe(height * (1 + Math.ceil((width * channels * bitDepth) / 8)));
  return { width, height };
}

/** RFC 4180 lines without quoted commas (these CSVs carry ids, numbers, dates and pseudonyms). */
const parseCsv = (file: AttachmentView) => {
  const text = file.data.toString("utf8");
  expect(text.endsWith("\r\n")).toBe(true);
  const [header, ...rows] = text
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(","));
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ""])));
};

/**
 * A short real session: 4 members, one 3-minute round (two pairs); only the first pair talks, one member rates it.
 * Returns the two pairs, the one that talked first.
 */
async function shortSession(harness: DiscordHarness): Promise<string[][]> {
  const { driver, organizer, members, channelId, emu } = harness;
  const started = await driver
    .member(organizer)
    .runCommand("start", { rounds: 1, minutes: 3, lobby_minutes: 1 })
    .reply();
  expect(started.content).toContain("Quick Meet started");
  await harness.settle();
  const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
  const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
  for (const m of members)
    expect((await driver.member(m).click(lobby.id, join).reply()).content).toContain("You're in");
  await harness.advance(1 * MIN);
  const threads = driver.threads(channelId);
  expect(threads).toHaveLength(2);
  const pairs = threads.map((t) => t.memberIds.filter((u) => u !== emu.botUserId));
  const [talking] = threads;
  for (const m of pairs[0]!) driver.member(m).say(talking!.id, "hi there");
  await harness.settle();
  await harness.advance(3 * MIN);
  const closing = driver.messages(talking!.id).at(-1)!;
  const great = closing.buttons.find((b) => b.customId.startsWith("qm:fb:") && b.customId.endsWith(":great"))!;
  expect((await driver.member(pairs[0]![0]!).click(closing.id, great.customId).reply()).content).toContain("Thank");
  // The summary waits a few minutes for feedback; afterwards the session is over.
  await harness.advance(3 * MIN);
  expect(driver.dms(organizer).some((m) => m.content.includes("Quick Meet summary"))).toBe(true);
  return pairs;
}

describe("/quickmeet stats on Discord (real discord.js ↔ emulator)", () => {
  it("answers the organizer privately with the figures, a 960×540 chart PNG and both CSVs uploaded with the reply; refuses a member", async () => {
    h = await createDiscordHarness({ members: 4, ackBudgetMs: 2_000 });
    const { driver, organizer, members, channelId, emu } = h;
    const pairs = await shortSession(h);

    const ask = driver.member(organizer).runCommand("stats", { period: "last-session" });
    const reply = await ask.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.visibleTo).toBe(organizer);
    // Answered inside the budget: the files went up with the interaction callback itself (type 4, multipart).
    expect(ask.record.callbackType).toBe(4);
    const callback = emu.requestLog.find((r) => r.path.startsWith(`/interactions/${ask.id}/`))!;
    expect(callback.status).toBe(204);
    for (const m of members) expect(driver.messages(channelId, m).some((x) => x.id === reply.id)).toBe(false);

    expect(reply.content).toContain("**Quick Meet stats**");
    expect(reply.content).toContain("**Sessions:** 1 session held, 1 round");
    expect(reply.content).toContain("**Participants:** 4 unique: 4 new, 0 returning · 4 in a group");
    expect(reply.content).toContain("**Conversations:** 1 of 2 groups really talked (50%) · 1 no-show");
    expect(reply.content).toContain(`<#${channelId}>: 4 of 6 members (67%)`);
    expect(reply.content).toContain("great 1");

    expect(reply.attachments).toEqual([
      "quickmeet-stats-last-session.png",
      "quickmeet-sessions-last-session.csv",
      "quickmeet-members-last-session.csv",
    ]);
    const [png, sessions, people] = driver.files(reply.id) as [AttachmentView, AttachmentView, AttachmentView];
    // What Discord returns on the message, and the bytes behind it.
    expect(png).toMatchObject({ contentType: "image/png", width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(png.url).toMatch(
      /^https:\/\/cdn\.discordapp\.invalid\/attachments\/\d+\/\d+\/quickmeet-stats-last-session\.png$/,
    );
    expect(png.size).toBe(png.data.length);
    expect(readPng(png.data)).toEqual({ width: 960, height: 540 });

    expect(sessions.contentType).toMatch(/^text\/csv/);
    const [row, ...others] = parseCsv(sessions);
    expect(others).toEqual([]);
    expect(Object.keys(row!).slice(0, 9)).toEqual([
      "number",
      "status",
      "session",
      "channel",
      "started_at",
      "ended_at",
      "end_reason",
      "rounds",
      "participants",
    ]);
    expect(row).toMatchObject({
      number: "1",
      status: "held",
      channel: channelId,
      rounds: "1",
      participants: "4",
      groups: "2",
      conversations: "1",
      no_shows: "1",
      messages: "2",
      feedback_great: "1",
    });

    const memberRows = parseCsv(people);
    expect(memberRows.map((r) => r.member).sort()).toEqual([
      "member-0001",
      "member-0002",
      "member-0003",
      "member-0004",
    ]);
    // Pseudonymous by default: no user id or display name anywhere in the export.
    const exported = people.data.toString("utf8");
    for (const m of members) expect(exported).not.toContain(m);
    expect(exported).not.toContain("Member ");
    expect(memberRows.filter((r) => r.conversations === "1")).toHaveLength(pairs[0]!.length);
    expect(memberRows.filter((r) => r.silent_groups === "1")).toHaveLength(pairs[1]!.length);

    // The channel option is Discord's channel picker: it sends the channel's id, which the stats take as is.
    const picked = await driver.member(organizer).runCommand("stats", { channel: channelId }).reply();
    expect(picked.content).toContain(`<#${channelId}>`);
    expect(picked.content).toContain("**Sessions:** 1 session held, 1 round");

    // A member is refused, privately, with nothing attached.
    const refused = await driver.member(members[0]!).runCommand("stats").reply();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain("Only organizers can use `/quickmeet stats`");
    expect(refused.attachments).toEqual([]);
    expect(driver.rateLimitStats().limited).toBe(0);
  }, 20_000);

  it("uploads the files when the reply comes after a deferral (PATCH @original), and with names when asked", async () => {
    h = await createDiscordHarness({ members: 4, ackBudgetMs: 0 });
    const { driver, organizer, members, emu } = h;
    await shortSession(h);

    const ask = driver.member(organizer).runCommand("stats", { period: "all", names: true });
    const reply = await ask.reply();
    expect(ask.record.callbackType).toBe(5);
    // Deferred at once (type 5, "thinking…"), then the answer and its files replace it: PATCH …/messages/@original.
    const edits = emu.requestLog.filter((r) => r.method === "PATCH" && r.path.includes(ask.record.token));
    expect(edits.map((r) => [decodeURIComponent(r.path.split("/").pop()!), r.status])).toEqual([["@original", 200]]);
    expect(reply.ephemeral).toBe(true);
    expect(reply.loading).toBe(false);
    expect(reply.content).toContain("All time");
    const files = driver.files(reply.id);
    expect(files.map((f) => f.filename)).toEqual([
      "quickmeet-stats-all.png",
      "quickmeet-sessions-all.csv",
      "quickmeet-members-all.csv",
    ]);
    expect(readPng(files[0]!.data)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    const rows = parseCsv(files[2]!);
    expect(rows.map((r) => r.user_id).sort()).toEqual([...members].sort());
    for (const r of rows) expect(r.name).toBe(`Member ${members.indexOf(r.user_id!) + 1}`);
  }, 20_000);
});

describe("Discord emulator attachments (discord.js REST multipart)", () => {
  it("takes files[n] + payload_json on an interaction follow-up and on edits: v10 attachments keep/replace rules", async () => {
    h = await createDiscordHarness({ members: 1 });
    const { driver, organizer, adapter, emu } = h;
    const ask = driver.member(organizer).runCommand("status");
    await ask.reply();
    const { token } = ask.record;
    const rest = adapter.client.rest;
    const route = `/webhooks/${emu.applicationId}/${token}` as const;
    const csv = Buffer.from("a,b\r\n1,2\r\n");
    const sent = (await rest.post(route, {
      auth: false,
      body: { content: "export", flags: 64, attachments: [{ id: "0", filename: "renamed.csv" }] },
      files: [{ name: "data.csv", data: csv }],
    })) as { id: string; attachments: Array<{ id: string; filename: string; size: number; content_type: string }> };
    expect(sent.attachments).toMatchObject([
      { filename: "renamed.csv", size: csv.length, content_type: "text/csv; charset=utf-8" },
    ]);
    expect(driver.files(sent.id)[0]?.data.equals(csv)).toBe(true);
    expect(driver.messages(h.channelId, organizer).find((m) => m.id === sent.id)?.ephemeral).toBe(true);

    // An edit without `attachments` appends; with it, only what it lists is kept.
    const more = Buffer.from("x\r\n");
    await rest.patch(`${route}/messages/${sent.id}`, {
      auth: false,
      body: {},
      files: [{ name: "more.csv", data: more }],
    });
    expect(driver.files(sent.id).map((f) => f.filename)).toEqual(["renamed.csv", "more.csv"]);
    const kept = driver.files(sent.id)[1]!.id;
    await rest.patch(`${route}/messages/${sent.id}`, { auth: false, body: { attachments: [{ id: kept }] } });
    expect(driver.files(sent.id).map((f) => [f.filename, f.data.toString()])).toEqual([["more.csv", "x\r\n"]]);
  });

  it("sends stats over 60 channels in full: split over several messages, each within 2,000 characters", async () => {
    h = await createDiscordHarness({ members: 2 });
    const { driver, organizer, members, bot } = h;
    const channels = Array.from({ length: 60 }, (_, i) => driver.addChannel(`chapter-${String(i).padStart(2, "0")}`));
    const now = h.clock.now();
    for (const [i, channelId] of channels.entries()) {
      const sessionId = `s${i}`;
      await bot.engine.community.record(
        "discord",
        h.emu.guildId,
        {
          type: "session-started",
          at: now - 1_000,
          sessionId,
          channelId,
          organizerId: organizer,
          options: { rounds: 1, minutesPerRound: 5, lobbyMinutes: 1, groupSize: 2, breakSeconds: 0 },
        },
        ...members.map((userId) => ({ type: "joined" as const, at: now - 900, sessionId, userId })),
        {
          type: "grouped",
          at: now - 800,
          sessionId,
          round: 1,
          groupId: "g1",
          members: [...members],
          topics: ["jazz"],
          score: 1,
        },
        {
          type: "messages-counted",
          at: now - 500,
          sessionId,
          round: 1,
          groupId: "g1",
          counts: Object.fromEntries(members.map((m) => [m, 3])),
        },
        { type: "round-ended", at: now - 400, sessionId, round: 1 },
        { type: "session-ended", at: now - 300, sessionId, reason: "completed" },
      );
    }
    const ask = driver.member(organizer).runCommand("stats");
    await ask.reply();
    await h.settle();
    const parts = ask.replies();
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.content.length).toBeLessThanOrEqual(2_000);
    const all = parts.map((p) => p.content).join("\n");
    for (const c of channels) expect(all).toContain(`<#${c}>`);
    expect(parts.every((p) => p.ephemeral)).toBe(true);
  });
});
