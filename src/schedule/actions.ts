import { type EngineParts, tellPrivately } from "../engine-parts.ts";
import type { ScheduleAction } from "../messages/actions.ts";
import * as say from "../messages/schedule-templates.ts";
import type { ActionReply, Invocation } from "../platform/inbound.ts";
import { answerMutually } from "../session/interactions.ts";
import { keys } from "../store/keys.ts";
import { optIn } from "./pool.ts";

/** Buttons of recurring Quick Meets: heads-up "Skip this one", "Count me in", and the async meet's questions. */
export async function handleScheduleAction(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "platform" | "schedules" | "store">,
  inv: Invocation,
  action: ScheduleAction,
): Promise<ActionReply> {
  switch (action.kind) {
    case "pool-in":
      return { privateMessage: await optIn(ctx, inv, action.channelId) };
    case "skip-run":
      return { privateMessage: await skipRun(ctx, inv, action.scheduleId, action.slot) };
    case "check-in":
    case "async-met":
    case "async-stay":
      return answerInMeet(ctx, inv, action);
  }
}

async function skipRun(
  ctx: Pick<EngineParts, "clock" | "community" | "schedules" | "store">,
  inv: Invocation,
  scheduleId: string,
  slot: number,
) {
  const schedule = await ctx.schedules.get(scheduleId);
  if (!schedule || schedule.platform !== inv.platform || schedule.communityId !== inv.communityId) {
    return say.scheduleGone;
  }
  if (slot <= ctx.clock.now()) return say.skipTooLate;
  const userId = inv.actor.userId;
  if (await ctx.store.setIfAbsent(keys.scheduleSkip(scheduleId, slot, userId), ctx.clock.now())) {
    await ctx.community.record(schedule.platform, schedule.communityId, {
      type: "pool-changed",
      at: ctx.clock.now(),
      channelId: schedule.channelId,
      userId,
      change: "skipped-run",
      scheduleId,
    });
  }
  return schedule.kind === "live" ? say.skipConfirmedLive : say.skipConfirmed;
}

type MeetAction = Extract<ScheduleAction, { kind: "check-in" | "async-met" | "async-stay" }>;

async function answerInMeet(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "platform" | "schedules" | "store">,
  inv: Invocation,
  action: MeetAction,
): Promise<ActionReply> {
  const userId = inv.actor.userId;
  const repo = ctx.schedules;
  const meet = await repo.meet(action.meetId);
  const group = meet?.groups.find((g) => g.id === action.groupId);
  // A meet of another community is refused like someone else's group (forged or stale).
  const here = meet?.platform === inv.platform && meet.communityId === inv.communityId;
  if (!meet || !here || !group?.members.includes(userId)) return { privateMessage: say.notYourMeet };
  if (!group.responded.includes(userId)) {
    await repo.updateGroup(meet.id, group.id, (g) =>
      g.responded.includes(userId) ? g : { ...g, responded: [...g.responded, userId] },
    );
  }
  const base = { at: ctx.clock.now(), meetId: meet.id, groupId: group.id, userId };
  switch (action.kind) {
    case "check-in":
      await ctx.community.record(meet.platform, meet.communityId, {
        type: "async-check-in",
        ...base,
        answer: action.answer,
      });
      return { privateMessage: say.checkInThanks(action.answer) };
    case "async-met": {
      const first = await ctx.store.setIfAbsent(keys.asyncMet(meet.id, group.id, userId), action.met);
      if (!first) return { privateMessage: say.metAlreadyAnswered };
      await ctx.community.record(meet.platform, meet.communityId, { type: "async-met", ...base, met: action.met });
      return { privateMessage: say.metThanks(action.met) };
    }
    case "async-stay": {
      // Mutual, as in live rounds (one conversation: "round 1" of the meet).
      const reply = await answerMutually(ctx, {
        platform: meet.platform,
        communityId: meet.communityId,
        sessionId: meet.id,
        round: 1,
        groupId: group.id,
        userId,
        partners: group.members.filter((m) => m !== userId),
        yes: action.yes,
        tell: (to, message) => tellPrivately(ctx, meet, to, message),
      });
      return { privateMessage: reply };
    }
  }
}
