import { afterEach, describe, expect, it } from "vitest";
import { keys } from "../../src/store/keys.ts";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import type { EmuMessage } from "../emulators/slack/index.ts";
import { createOAuthHarness, type OAuthHarness, type TeamView } from "../emulators/slack/oauth-harness.ts";

const MIN = 60_000;
let h: OAuthHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Members (the bot left out) of every group DM opened in one workspace. */
const groupsIn = (t: TeamView) =>
  [...t.ws.channels.values()]
    .filter((c) => c.kind === "mpim")
    .map((c) => c.members.filter((u) => u !== t.ws.botUserId));

/** Every button id a message carries. */
const actionIds = (m: EmuMessage) =>
  m.blocks.flatMap((b) =>
    ((b as { elements?: Array<{ action_id?: string }> }).elements ?? []).flatMap((e) =>
      e.action_id ? [e.action_id] : [],
    ),
  );

/** Start a Quick Meet in the team's #general and have every member join; returns the lobby. */
async function startAndJoin(hh: OAuthHarness, t: TeamView) {
  await t.driver.slashCommand(t.organizer, t.channelId, "start rounds:1 minutes:3 lobby_minutes:1");
  await hh.settle();
  const lobby = hh.emu.messagesIn(t.channelId).find((m) => m.text.includes("Quick Meet"));
  expect(lobby, `lobby in ${t.ws.teamId}`).toBeDefined();
  for (const m of t.members) await t.driver.click(m, lobby!, actionOn(lobby, "qm:join:"));
  await hh.settle();
  return lobby!;
}

describe("Slack installs by any workspace (OAuth v2, real @slack/bolt)", () => {
  it("installs two workspaces through Add to Slack, stores their tokens sealed, and runs a Quick Meet in each at once", async () => {
    h = await createOAuthHarness();
    const { alpha, beta, emu, store } = h;
    for (const t of [alpha, beta]) {
      const outcome = await h.install(t);
      expect(outcome.installPage.status).toBe(200);
      expect(outcome.installPage.html).toContain("Add to Slack");
      expect(outcome.callback.status).toBe(200);
    }
    expect(emu.requests("oauth.v2.access").filter((r) => r.ok)).toHaveLength(2);
    for (const t of [alpha, beta]) {
      const [grant] = emu.tokensOf(t.ws);
      const row = await store.get<Record<string, unknown>>(keys.slackInstallation(t.ws.teamId));
      expect(row).toMatchObject({ teamId: t.ws.teamId, botUserId: t.ws.botUserId, installerUserId: t.organizer });
      expect(row?.botScopes).toEqual(expect.arrayContaining(["chat:write", "mpim:write", "commands"]));
      // The token is never at rest in clear.
      expect(JSON.stringify(row)).not.toContain(grant!.token);
      expect(String(row?.botToken)).toMatch(/^v1\./);
    }

    // Both workspaces start and fill a lobby at the same time.
    await Promise.all([startAndJoin(h, alpha), startAndJoin(h, beta)]);
    await h.advance(1 * MIN);
    for (const t of [alpha, beta]) {
      const groups = groupsIn(t);
      expect(groups.flat().sort(), `groups of ${t.ws.teamId}`).toEqual([...t.members].sort());
      for (const room of [...t.ws.channels.values()].filter((c) => c.kind === "mpim")) {
        expect(t.ws.messages.get(room.id)?.[0]?.text).toContain("Round 1 of 1");
      }
    }
    await h.advance(3 * MIN);
    for (const t of [alpha, beta]) {
      for (const room of [...t.ws.channels.values()].filter((c) => c.kind === "mpim"))
        expect(t.ws.messages.get(room.id)?.at(-1)?.text).toContain("time's up");
    }
    // No call was refused for a wrong token: each workspace was served with its own.
    expect(emu.requests().filter((r) => r.error === "invalid_auth")).toEqual([]);
  });

  it("refuses every button of one workspace clicked from the other, and shows nothing across in any command", async () => {
    h = await createOAuthHarness({ members: 3 });
    const { alpha, beta, emu } = h;
    await h.install(alpha);
    await h.install(beta);
    const lobby = await startAndJoin(h, alpha);
    // The lobby's buttons now (they are gone from it once the session ends), the closing message's after the round.
    const lobbyIds = actionIds(lobby);
    const lobbyAsPosted = structuredClone(lobby);
    await h.advance(1 * MIN);
    await h.advance(3 * MIN);
    const room = [...alpha.ws.channels.values()].find((c) => c.kind === "mpim")!;
    const closing = alpha.ws.messages.get(room.id)!.at(-1)!;
    const buttonIds = [...lobbyIds, ...actionIds(closing)];
    expect(buttonIds.some((id) => id.startsWith("qm:join:"))).toBe(true);
    expect(buttonIds.some((id) => id.startsWith("qm:fb:"))).toBe(true);
    const alphaBefore = JSON.stringify([...alpha.ws.messages.entries()]);
    const sessionsBefore = await h.store.get(keys.activeSessions());
    for (const id of buttonIds) {
      const message = lobbyIds.includes(id) ? lobbyAsPosted : closing;
      await beta.driver.click(beta.members[0]!, message, id);
      await h.settle();
      const reply = emu.ephemeralsFor(beta.members[0]!).at(-1) ?? emu.privateMessagesOf(beta.members[0]!).at(-1);
      expect(reply && shownText(reply), `click ${id}`).toContain("doesn't belong to this place");
    }
    // Alpha's workspace saw nothing of it.
    expect(JSON.stringify([...alpha.ws.messages.entries()])).toBe(alphaBefore);
    expect(await h.store.get(keys.activeSessions())).toEqual(sessionsBefore);

    // Every command Beta's organizer can type sees Beta only.
    const secrets = [
      ...alpha.members,
      alpha.organizer,
      alpha.channelId,
      ...alpha.members.map((m) => alpha.ws.users.get(m)!.name),
    ];
    for (const text of ["status", "stats", "schedule list", "end", "me", "config", "block", "profile", "help"]) {
      await h.command(beta, beta.organizer, text);
    }
    const betaSaw = [...beta.ws.messages.values()]
      .flat()
      .map((m) => shownText(m))
      .join("\n");
    for (const s of secrets) expect(betaSaw).not.toContain(s);
  });

  it("on uninstall deletes the workspace's token, ends its Quick Meet quietly, and keeps the other workspace running", async () => {
    h = await createOAuthHarness({ members: 3 });
    const { alpha, beta, emu, store } = h;
    await h.install(alpha);
    await h.install(beta);
    for (const t of [alpha, beta])
      await h.command(t, t.organizer, 'schedule action:create cadence:"every monday 10:00" timezone:UTC');
    const schedulesOf = async (teamId: string) =>
      (await h!.bot.engine.schedules.inCommunity("slack", teamId)).map((s) => s.status);
    expect(await schedulesOf(alpha.ws.teamId)).toEqual(["active"]);
    await Promise.all([startAndJoin(h, alpha), startAndJoin(h, beta)]);
    await h.advance(1 * MIN);

    emu.uninstallFrom(alpha.ws);
    await h.settle();
    expect(await store.get(keys.slackInstallation(alpha.ws.teamId))).toBeUndefined();
    expect(await h.installations.ids()).toEqual([beta.ws.teamId]);
    // Alpha's schedule is paused (kept for a reinstall), Beta's still runs.
    expect(await schedulesOf(alpha.ws.teamId)).toEqual(["paused"]);
    expect(await schedulesOf(beta.ws.teamId)).toEqual(["active"]);
    const callsBefore = emu.requests().length;
    await h.advance(3 * MIN);
    // Alpha's round ended without a single call on the dead token; Beta's closed as usual.
    const afterwards = emu.requests().slice(callsBefore);
    expect(afterwards.filter((r) => r.error === "invalid_auth")).toEqual([]);
    for (const room of [...alpha.ws.channels.values()].filter((c) => c.kind === "mpim"))
      expect(alpha.ws.messages.get(room.id)?.at(-1)?.text).not.toContain("time's up");
    for (const room of [...beta.ws.channels.values()].filter((c) => c.kind === "mpim"))
      expect(beta.ws.messages.get(room.id)?.at(-1)?.text).toContain("time's up");
    // A later command from the uninstalled workspace is not authorized (Bolt finds no installation).
    const late = await alpha.driver.slashCommand(alpha.organizer, alpha.channelId, "start");
    await h.settle();
    expect(late.status).not.toBe(200);
  });
});
