import type { FeedbackRating, Session } from "../domain/types.ts";
import { type EngineParts, tellOrganizers, tellPrivately } from "../engine-parts.ts";
import * as say from "../messages/templates.ts";
import type { ActionReply } from "../platform/inbound.ts";
import type { RichMessage } from "../platform/port.ts";
import { keys } from "../store/keys.ts";

/** Answer markers name members in their keys; after a month nobody clicks old buttons, so they expire. */
const ANSWER_TTL_MS = 30 * 86_400_000;

const notYourGroup: ActionReply = {
  privateMessage: { text: "These buttons are for the people in this conversation." },
};

async function groupOf(ctx: Pick<EngineParts, "sessions">, sessionId: string, n: number, groupId: string) {
  const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
  const group = round?.groups.find((g) => g.id === groupId);
  return session && round && group ? { session, round, group } : undefined;
}

/** Feedback on one conversation: the first answer counts; a report goes privately to the organizers. */
export async function giveFeedback(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "platform" | "sessions" | "store">,
  args: { sessionId: string; round: number; groupId: string; userId: string; rating: FeedbackRating },
): Promise<ActionReply> {
  const found = await groupOf(ctx, args.sessionId, args.round, args.groupId);
  if (!found?.group.members.includes(args.userId)) return notYourGroup;
  const first = await ctx.store.setIfAbsent(
    keys.feedback(args.sessionId, args.round, args.groupId, args.userId),
    args.rating,
    ANSWER_TTL_MS,
  );
  if (!first) return { privateMessage: say.feedbackAlreadyGiven, unchanged: true };
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
  if (args.rating === "report") {
    // Organizers hear of the report at once (a dismissed form loses nothing); the form adds what happened.
    await tellOrganizers(ctx, session, say.reportToOrganizers(args.userId, group.members, args.round));
    return {
      privateMessage: say.feedbackThanks(args.rating),
      form: say.reportForm(args.sessionId, args.round, args.groupId),
    };
  }
  return { privateMessage: say.feedbackThanks(args.rating) };
}

/** What a reporter wrote in the report form: passed to the organizers, never stored. */
export async function reportDetails(
  ctx: Pick<EngineParts, "community" | "logger" | "platform" | "sessions" | "store">,
  args: { sessionId: string; round: number; groupId: string; userId: string; what: string },
): Promise<RichMessage> {
  const found = await groupOf(ctx, args.sessionId, args.round, args.groupId);
  if (!found?.group.members.includes(args.userId)) return say.reportFirst;
  const rating = await ctx.store.get<FeedbackRating>(
    keys.feedback(args.sessionId, args.round, args.groupId, args.userId),
  );
  if (rating !== "report") return say.reportFirst;
  if (args.what.trim() === "") return say.reportDetailsThanks;
  await tellOrganizers(
    ctx,
    found.session,
    say.reportDetailsToOrganizers(args.userId, found.group.members, args.round, args.what.slice(0, 1000)),
  );
  return say.reportDetailsThanks;
}

/** One conversation a "stay in touch?" answer is about: a live round's group or an async meet's group (round 1). */
export interface MutualAnswer {
  platform: Session["platform"];
  communityId: string;
  sessionId: string;
  round: number;
  groupId: string;
  userId: string;
  partners: readonly string[];
  yes: boolean;
  /** Tells a member privately (the partner of a new connection). */
  tell(userId: string, message: RichMessage): Promise<unknown>;
}

/**
 * "Stay in touch?" is mutual: an answer is stored per partner, and a connection is made once, when both said yes.
 * The clicker's reply is the one answer that is true after the click: "You made a connection" when it made one (or
 * one exists), otherwise "Noted"; the partner of a new connection is told privately. Clicking the same answer again
 * changes and records nothing and gives the same reply; a member may change their mind.
 */
export async function answerMutually(
  ctx: Pick<EngineParts, "clock" | "community" | "store">,
  a: MutualAnswer,
): Promise<RichMessage> {
  const connected: string[] = [];
  for (const partner of a.partners) {
    const mine = keys.stayInTouch(a.sessionId, a.round, a.groupId, a.userId, partner);
    const before = await ctx.store.get<boolean>(mine);
    if (before !== a.yes) {
      await ctx.store.set(mine, a.yes, ANSWER_TTL_MS);
      await ctx.community.record(a.platform, a.communityId, {
        type: "stay-in-touch",
        at: ctx.clock.now(),
        sessionId: a.sessionId,
        round: a.round,
        groupId: a.groupId,
        userId: a.userId,
        partnerId: partner,
        answer: a.yes,
      });
    }
    if (!a.yes) continue;
    const theirs = await ctx.store.get<boolean>(keys.stayInTouch(a.sessionId, a.round, a.groupId, partner, a.userId));
    if (theirs !== true) continue;
    connected.push(partner);
    const pair = [a.userId, partner].sort() as [string, string];
    const fresh = await ctx.store.setIfAbsent(keys.connection(a.platform, a.communityId, pair[0], pair[1]), {
      sessionId: a.sessionId,
      at: ctx.clock.now(),
    });
    if (!fresh) continue;
    await ctx.community.record(a.platform, a.communityId, {
      type: "connection",
      at: ctx.clock.now(),
      sessionId: a.sessionId,
      members: pair,
    });
    await a.tell(partner, say.connectionMade(a.userId));
  }
  return connected.length > 0 ? say.connectionMade(connected) : say.stayInTouchRecorded(a.yes, a.partners.length);
}

/** "Stay in touch?" after a live round. */
export async function answerStayInTouch(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "platform" | "sessions" | "store">,
  args: { sessionId: string; round: number; groupId: string; userId: string; yes: boolean },
): Promise<ActionReply> {
  const found = await groupOf(ctx, args.sessionId, args.round, args.groupId);
  if (!found?.group.members.includes(args.userId)) return notYourGroup;
  const { session, group } = found;
  const reply = await answerMutually(ctx, {
    ...args,
    platform: session.platform,
    communityId: session.communityId,
    partners: group.members.filter((m) => m !== args.userId),
    tell: (userId, message) => tellPrivately(ctx, session, userId, message),
  });
  return { privateMessage: reply };
}

/** Counts a message in a live group space: a number per member, never the text. */
export async function countSpaceMessage(
  ctx: Pick<EngineParts, "clock" | "sessions" | "store">,
  platform: Session["platform"],
  spaceId: string,
  userId: string,
): Promise<void> {
  const link = await ctx.sessions.spaceLink(platform, spaceId);
  if (!link?.members.includes(userId) || ctx.clock.now() > link.countUntil) return;
  await ctx.store.increment(keys.messageCount(link.sessionId, link.round, link.groupId, userId));
}
