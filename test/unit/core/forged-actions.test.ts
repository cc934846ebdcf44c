import { describe, expect, it } from "vitest";
import { actionIds } from "../../../src/messages/actions.ts";
import { ScheduleRepo } from "../../../src/schedule/repo.ts";
import { createHarness, type Harness } from "../../fakes/harness.ts";
import { createSchedule } from "../schedule/helpers.ts";

const REFUSED = "doesn't belong to this place";

async function lobbyIn(h: Harness) {
  await h.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 5 }, true);
  const join = h.platform.channelPosts[0]!.message.buttons![0]![0]!.actionId;
  const sessionId = join.split(":")[2]!;
  return { join, sessionId };
}

const click = (h: Harness, userId: string, actionId: string, where: { communityId?: string; channelId?: string }) =>
  h.bot.handleAction({ ...h.inv(userId), ...where }, actionId);

const participants = async (h: Harness, sessionId: string) =>
  (await h.bot.engine.sessions.get(sessionId))?.participants ?? [];

describe("forged member actions", () => {
  it("refuses a join clicked from another channel than the session's lobby", async () => {
    const h = createHarness();
    const { join, sessionId } = await lobbyIn(h);
    const reply = await click(h, "mallory", join, { channelId: "some-other-channel" });
    expect(reply.privateMessage?.text).toContain(REFUSED);
    expect(await participants(h, sessionId)).toEqual([]);
  });

  it("refuses a join that names a session of another community", async () => {
    const h = createHarness();
    const { join, sessionId } = await lobbyIn(h);
    const reply = await click(h, "mallory", join, { communityId: "another-guild" });
    expect(reply.privateMessage?.text).toContain(REFUSED);
    expect(await participants(h, sessionId)).toEqual([]);
  });

  it("refuses a join by a member who cannot see the session's channel, and accepts one who can", async () => {
    const h = createHarness();
    const { join, sessionId } = await lobbyIn(h);
    h.platform.hiddenFrom.set(h.channel, new Set(["outsider"]));
    expect((await h.click("outsider", join)).privateMessage?.text).toContain(REFUSED);
    await h.click("insider", join);
    expect(await participants(h, sessionId)).toEqual(["insider"]);
  });

  it("refuses a leave or feedback naming a session of another community", async () => {
    const h = createHarness();
    const { join, sessionId } = await lobbyIn(h);
    await h.click("ana", join);
    const leave = actionIds.leave(sessionId);
    expect((await click(h, "ana", leave, { communityId: "another-guild" })).privateMessage?.text).toContain(REFUSED);
    expect(await participants(h, sessionId)).toEqual(["ana"]);
    const feedback = actionIds.feedback(sessionId, 1, "g1", "report");
    expect((await click(h, "ana", feedback, { communityId: "another-guild" })).privateMessage?.text).toContain(REFUSED);
  });

  it("refuses opting into the async pool of a private channel the member is not in, or of a channel with no schedule", async () => {
    const h = createHarness();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC" });
    const pool = () => new ScheduleRepo(h.store).pool("fake", h.community, h.channel);
    h.platform.hiddenFrom.set(h.channel, new Set(["outsider"]));
    const forged = await click(h, "outsider", actionIds.poolIn(h.channel), { channelId: "D-outsider" });
    expect(forged.privateMessage?.text).toContain(REFUSED);
    expect(Object.keys((await pool()).members)).toEqual([]);
    const nowhere = await h.click("ana", actionIds.poolIn("channel-without-schedule"));
    expect(nowhere.privateMessage?.text).toContain(REFUSED);
    await click(h, "ana", actionIds.poolIn(h.channel), { channelId: "D-ana" });
    expect(Object.keys((await pool()).members)).toEqual(["ana"]);
  });
});
