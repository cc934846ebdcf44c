import type { FeedbackRating, Session } from "../domain/types.ts";
import * as say from "../messages/templates.ts";
import type { ActionReply } from "../platform/inbound.ts";
import { keys } from "../store/keys.ts";
import { type EngineContext, tellOrganizers, tellPrivately } from "./context.ts";

/** Answer markers name members in their keys; after a month nobody clicks old buttons, so they expire. */
const ANSWER_TTL_MS = 30 * 86_400_000;

const notYourGroup: ActionReply = {
  privateMessage: { text: "These buttons are for the people in this conversation." },
};

async function groupOf(ctx: EngineContext, sessionId: string, n: number, groupId: string) {
  const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
  const group = round?.groups.find((g) => g.id === groupId);
  return session && round && group ? { session, round, group } : undefined;
}

/** Feedback on one conversation: the first answer counts; a report goes privately to the organizers. */
export async function giveFeedback(
  ctx: EngineContext,
  args: { sessionId: string; round: number; groupId: string; userId: string; rating: FeedbackRating },
): Promise<ActionReply> {
  const found = await groupOf(ctx, args.sessionId, args.round, args.groupId);
  if (!found?.group.members.includes(args.userId)) return notYourGroup;
  const first = await ctx.store.setIfAbsent(
    keys.feedback(args.sessionId, args.round, args.groupId, args.userId),
    args.rating,
    ANSWER_TTL_MS,
  );
  if (!first) return { privateMessage: say.feedbackAlreadyGiven };
  const { session, group } = found;
  await ctx.community.record(session.platform, session.communityId, {
    type: "feedback",
    at: ctx.clock.now(),
    sessionId: args.sessionId,
    round: args.round,
    groupId: args.groupId,
    userId: args.userId,
    rating: args.rating,
  });
  if (args.rating === "report")
    await tellOrganizers(ctx, session, say.reportToOrganizers(args.userId, group.members, args.round));
  return { privateMessage: say.feedbackThanks(args.rating) };
}

/**
 * "Stay in touch?" is mutual: an answer is stored per partner, and only when both said yes are both told. A member
 * may change their mind; a connection, once made, is made once.
 */
export async function answerStayInTouch(
  ctx: EngineContext,
  args: { sessionId: string; round: number; groupId: string; userId: string; yes: boolean },
): Promise<ActionReply> {
  const found = await groupOf(ctx, args.sessionId, args.round, args.groupId);
  if (!found?.group.members.includes(args.userId)) return notYourGroup;
  const { session, group } = found;
  const partners = group.members.filter((m) => m !== args.userId);
  for (const partner of partners) {
    await ctx.store.set(
      keys.stayInTouch(args.sessionId, args.round, args.groupId, args.userId, partner),
      args.yes,
      ANSWER_TTL_MS,
    );
    await ctx.community.record(session.platform, session.communityId, {
      type: "stay-in-touch",
      at: ctx.clock.now(),
      sessionId: args.sessionId,
      round: args.round,
      groupId: args.groupId,
      userId: args.userId,
      partnerId: partner,
      answer: args.yes,
    });
    if (args.yes) await connectIfMutual(ctx, session, args, partner);
  }
  return { privateMessage: say.stayInTouchRecorded(args.yes) };
}

async function connectIfMutual(
  ctx: EngineContext,
  session: Session,
  args: { sessionId: string; round: number; groupId: string; userId: string },
  partner: string,
): Promise<void> {
  const theirs = await ctx.store.get<boolean>(
    keys.stayInTouch(args.sessionId, args.round, args.groupId, partner, args.userId),
  );
  if (theirs !== true) return;
  const pair: [string, string] = [args.userId, partner].sort() as [string, string];
  const fresh = await ctx.store.setIfAbsent(keys.connection(session.platform, session.communityId, pair[0], pair[1]), {
    sessionId: args.sessionId,
    at: ctx.clock.now(),
  });
  if (!fresh) return;
  await ctx.community.record(session.platform, session.communityId, {
    type: "connection",
    at: ctx.clock.now(),
    sessionId: args.sessionId,
    members: pair,
  });
  await Promise.all([
    tellPrivately(ctx, session, args.userId, say.connectionMade(partner)),
    tellPrivately(ctx, session, partner, say.connectionMade(args.userId)),
  ]);
}

/** Counts a message in a live group space: a number per member, never the text. */
export async function countSpaceMessage(
  ctx: EngineContext,
  platform: Session["platform"],
  spaceId: string,
  userId: string,
): Promise<void> {
  const link = await ctx.sessions.spaceLink(platform, spaceId);
  if (!link?.members.includes(userId) || ctx.clock.now() > link.countUntil) return;
  await ctx.store.increment(keys.messageCount(link.sessionId, link.round, link.groupId, userId));
}
