import { PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Organizer starts a session, every member joins, the lobby closes: round 1 is open when this returns. */
async function startRound(harness: DiscordHarness, options: Record<string, unknown> = {}) {
  const { driver, organizer, members, channelId } = harness;
  const started = await driver
    .member(organizer)
    .runCommand("start", { rounds: 2, minutes: 3, lobby_minutes: 1, ...options })
    .reply();
  expect(started.content).toContain("Quick Meet started");
  await harness.settle();
  const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
  const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
  for (const m of members)
    expect((await driver.member(m).click(lobby.id, join).reply()).content).toContain("You're in");
  await harness.advance(1 * MIN);
}

const people = (harness: DiscordHarness, threadMembers: string[]) =>
  threadMembers.filter((u) => u !== harness.emu.botUserId);

describe("Discord edges (real discord.js ↔ emulator)", () => {
  it("refuses /quickmeet start from a member who is not an organizer, and posts nothing", async () => {
    h = await createDiscordHarness({ members: 2 });
    const reply = await h.driver.member(h.members[0]!).runCommand("start").reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("Only organizers can use `/quickmeet start`");
    await h.settle();
    expect(h.driver.messages(h.channelId)).toEqual([]);
  });

  it("reports a missing permission before the session starts, naming the permission and the channel", async () => {
    h = await createDiscordHarness({ members: 2 });
    const { emu } = h;
    const channel = emu.state.channels.get(emu.channelId)!;
    channel.overwrites.push({ id: emu.botRoleId, type: 0, allow: 0n, deny: PermissionFlagsBits.CreatePrivateThreads });
    // discord.js learns of overwrite changes through CHANNEL_UPDATE, as from Discord.
    emu.gateway.dispatch("CHANNEL_UPDATE", {
      id: channel.id,
      type: 0,
      guild_id: emu.guildId,
      name: channel.name,
      position: channel.position,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
    });
    await h.settle();
    const reply = await h.driver.member(h.organizer).runCommand("start").reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("Grant the bot Create Private Threads in #general");
    expect(h.driver.messages(h.channelId)).toEqual([]);
  });

  it("tells every member and the organizer when the active-thread cap is hit: nobody is dropped silently", async () => {
    h = await createDiscordHarness({ members: 6, emulator: { activeThreadCap: 1 }, dmOpenIntervalMs: 150 });
    await startRound(h);
    const { driver, members, organizer } = h;
    await driver.waitFor(
      () => driver.dms(organizer).filter((d) => d.content.includes("could not get a private space")).length === 2,
      "the organizer's two notices",
    );
    const threads = driver.threads();
    expect(threads).toHaveLength(1);
    const inThread = people(h, threads[0]!.memberIds);
    for (const m of members.filter((x) => !inThread.includes(x))) {
      const told = driver.dms(m).find((d) => d.content.includes("couldn't open a private space"));
      expect(told?.content).toContain("limit of active threads");
    }
    const organizerNews = driver.dms(organizer).filter((d) => d.content.includes("could not get a private space"));
    expect(organizerNews).toHaveLength(2);
    // 160006 came back from the emulator for exactly the groups that were told.
    expect(h.emu.requestLog.filter((r) => r.code === 160006)).toHaveLength(2);
    // The notices went out as DMs opened one at a time (Discord flags bots that open many DMs at once).
    const opens = h.emu.requestLog.filter((r) => r.pattern === "/users/@me/channels").map((r) => r.atMs);
    expect(opens.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < opens.length; i++) expect(opens[i]! - opens[i - 1]!).toBeGreaterThanOrEqual(140);
  });

  it("takes a member who leaves the server out of the round and re-pairs the partners left alone", async () => {
    h = await createDiscordHarness({ members: 4 });
    await startRound(h, { rounds: 1, minutes: 5 });
    const { driver } = h;
    const [first, second] = driver.threads().map((t) => people(h!, t.memberIds)) as [string[], string[]];
    const [leaver1, alone1] = first as [string, string];
    const [leaver2, alone2] = second as [string, string];
    driver.member(leaver1).leaveGuild();
    await h.settle();
    expect(driver.dms(alone1).some((d) => d.content.includes("Your partner left"))).toBe(true);
    driver.member(leaver2).leaveGuild();
    await h.settle();
    const repaired = driver
      .threads()
      .find((t) => people(h!, t.memberIds).sort().join() === [alone1, alone2].sort().join());
    expect(repaired).toBeDefined();
    expect(driver.messages(repaired!.id)[0]?.content).toContain(`<@${alone1}>`);
    // The departed members are no longer in the threads they were in.
    expect(driver.threads().every((t) => !t.memberIds.includes(leaver1) && !t.memberIds.includes(leaver2))).toBe(true);
  });

  it("keeps a round going across a gateway reconnect: missed events are replayed on RESUME", async () => {
    h = await createDiscordHarness({ members: 2 });
    await startRound(h, { rounds: 1, minutes: 3 });
    const { driver, emu } = h;
    const thread = driver.threads()[0]!;
    const [a, b] = people(h, thread.memberIds) as [string, string];
    emu.gateway.dropConnections();
    // Written while the bot is disconnected: delivered when discord.js resumes the session.
    driver.member(a).say(thread.id, "hello");
    driver.member(b).say(thread.id, "hi!");
    await driver.waitFor(() => emu.gateway.stats.resumes >= 1 || undefined, "discord.js to resume");
    emu.gateway.forceReconnect();
    await driver.waitFor(() => emu.gateway.stats.resumes >= 2 || undefined, "a second resume after op 7");
    expect(emu.gateway.stats.identifies).toBe(1);
    await h.settle();
    await h.advance(3 * MIN);
    const closing = driver.messages(thread.id).at(-1)!;
    expect(closing.content).toContain("time's up");
    const great = closing.buttons.find((x) => x.customId.endsWith(":great"))!.customId;
    expect((await driver.member(a).click(closing.id, great).reply()).content).toContain("Thanks");
    // The organizer's summary waits a few minutes for the last round's feedback.
    await h.advance(3 * MIN);
    const summary = driver.dms(h.organizer).find((m) => m.content.includes("Quick Meet summary"));
    expect(summary?.content).toContain("Conversations that happened:** 1 of 1");
  });

  it("follows the rate-limit headers: a round under tight buckets opens every group with no 429 and 4 requests a group", async () => {
    h = await createDiscordHarness({
      members: 20,
      emulator: { rateLimits: { buckets: { "thread-create": { limit: 2, windowMs: 300 } } } },
    });
    const before = h.emu.requestLog.length;
    await startRound(h, { rounds: 1, minutes: 5 });
    const threads = h.driver.threads();
    expect(threads).toHaveLength(10);
    for (const t of threads) expect(h.driver.messages(t.id)[0]?.content).toContain("Round 1 of 1");
    const round = h.emu.requestLog
      .slice(before)
      .filter((r) => r.pattern.startsWith("/channels/:channel/thr") || r.pattern === "/channels/:channel/messages");
    expect(round.filter((r) => r.status === 429)).toEqual([]);
    const perGroup =
      round.filter((r) => r.pattern !== "/channels/:channel/messages" || threads.some((t) => r.path.includes(t.id)))
        .length / threads.length;
    expect(perGroup).toBe(4);
  });

  it("refuses an acknowledgement that comes too late (10062), and the click still counts", async () => {
    h = await createDiscordHarness({ members: 1, emulator: { ackDeadlineMs: 0 } });
    const { driver, organizer, members, emu } = h;
    driver.member(organizer).runCommand("start");
    await driver.waitFor(() => emu.requestLog.some((r) => r.code === 10062) || undefined, "the refused start callback");
    await h.settle();
    const lobby = driver.messages(h.channelId).find((m) => m.buttons.length > 0)!;
    const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
    driver.member(members[0]!).click(lobby.id, join);
    await driver.waitFor(
      () => emu.requestLog.filter((r) => r.code === 10062).length >= 2 || undefined,
      "two refused callbacks",
    );
    await h.settle();
    const session = await h.bot.engine.sessions.get(join.split(":")[2] ?? "");
    expect(session?.participants).toEqual([members[0]]);
  });
});

describe("Discord directory lookups (real discord.js ↔ emulator)", () => {
  it("counts the humans who can view a channel and resolves display names not seen in any event", async () => {
    h = await createDiscordHarness({ members: 3 });
    const { adapter, emu } = h;
    // Owner, organizer and three members; the bot is not counted.
    expect(await adapter.countChannelMembers({ communityId: emu.guildId, channelId: emu.channelId })).toBe(5);
    const staff = emu.driver.addChannel("staff", [
      { id: emu.guildId, type: 0, allow: 0n, deny: PermissionFlagsBits.ViewChannel },
      { id: emu.organizerRoleId, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: 0n },
      { id: emu.botRoleId, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: 0n },
    ]);
    // A channel created after GUILD_CREATE is unknown to discord.js's cache until CHANNEL_CREATE.
    const channel = emu.state.channels.get(staff)!;
    emu.gateway.dispatch("CHANNEL_CREATE", {
      id: staff,
      type: 0,
      guild_id: emu.guildId,
      name: channel.name,
      position: channel.position,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
    });
    await h.settle();
    expect(await adapter.countChannelMembers({ communityId: emu.guildId, channelId: staff })).toBe(2);
    const late = emu.addMember({ username: "late", displayName: "Late Joiner" });
    expect(await adapter.displayName(emu.guildId, late)).toBe("Late Joiner");
    // A member who closed DMs from server members is reported as unreachable, not as a crash.
    const closed = emu.addMember({ username: "quiet", dmsOpen: false });
    await expect(adapter.sendPrivate(emu.guildId, closed, { text: "hello" })).rejects.toMatchObject({
      code: "unreachable-member",
    });
    await adapter.sendPrivate(emu.guildId, late, { text: "hello" });
    await adapter.sendPrivate(emu.guildId, late, { text: "again" });
    expect(h.driver.dms(late).map((m) => m.content)).toEqual(["hello", "again"]);
    // One DM channel per member, opened once.
    expect(emu.requestLog.filter((r) => r.pattern === "/users/@me/channels")).toHaveLength(2);
  });
});
