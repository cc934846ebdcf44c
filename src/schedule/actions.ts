import type { ScheduleAction } from "../messages/actions.ts";
import * as say from "../messages/schedule-templates.ts";
import type { ActionReply, Invocation } from "../platform/inbound.ts";
import { type EngineContext, tellPrivately } from "../session/context.ts";
import { answerMutually } from "../session/interactions.ts";
import { keys } from "../store/keys.ts";
import { optIn } from "./pool.ts";
import { ScheduleRepo } from "./repo.ts";

/** Buttons of recurring Quick Meets: heads-up "Skip this one", "Count me in", and the async meet's questions. */
export async function handleScheduleAction(
  ctx: EngineContext,
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
      return answerInMeet(ctx, inv.actor.userId, action);
  }
}

async function skipRun(ctx: EngineContext, inv: Invocation, scheduleId: string, slot: number) {
  const schedule = await new ScheduleRepo(ctx.store).get(scheduleId);
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

async function answerInMeet(ctx: EngineContext, userId: string, action: MeetAction): Promise<ActionReply> {
  const repo = new ScheduleRepo(ctx.store);
  const meet = await repo.meet(action.meetId);
  const group = meet?.groups.find((g) => g.id === action.groupId);
  if (!meet || !group?.members.includes(userId)) return { privateMessage: say.notYourMeet };
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
