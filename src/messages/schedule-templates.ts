import type { Schedule } from "../domain/schedule.ts";
import type { ScheduleSkipReason } from "../domain/types.ts";
import type { RichMessage } from "../platform/port.ts";
import { actionIds, type CheckInAnswer } from "./actions.ts";
import { type IntroContent, introBody, list, mutualRule, plural } from "./templates.ts";

export { profileOnlySet } from "./signals.ts";
/** The words of recurring Quick Meets (src/schedule). The core session's words are in templates.ts. */
export * from "./templates.ts";

const channelMention = (channelId: string) => `<#${channelId}>`;
const dateTime = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const kindText = (s: Pick<Schedule, "kind" | "days">) =>
  s.kind === "live" ? "live Quick Meet" : `async Quick Meet (${plural(s.days, "day")} per pair)`;

export const scheduleNeeds = {
  cadence:
    'cadence is required, e.g. cadence:"every monday 10:00", "first tuesday of the month 18:00" or a cron expression',
  timezone: "timezone is required: an IANA time zone such as America/New_York or Europe/Berlin",
};

export const badTimeZone = (zone: string) =>
  `timezone: "${zone}" is not an IANA time zone. Use a name like America/New_York, Europe/Berlin or Asia/Tokyo (the "TZ identifier" column of the tz database list).`;
export const neverRuns = (label: string) => `cadence: ${label} never happens in the next five years.`;
export const tooFrequent = (label: string) =>
  `cadence: ${label} repeats more often than once an hour; Quick Meets need a gentler rhythm.`;
export const asyncOverlap = (days: number, gapHours: number) =>
  `days: an async meet of ${plural(days, "day")} would overlap the next one (the cadence repeats every ${Math.round(gapHours)} h). Use fewer days or a sparser cadence.`;
export const headsUpTooEarly = (hours: number, gapHours: number) =>
  `heads_up_hours: ${hours} h before would come before the previous slot (they are ${Math.round(gapHours)} h apart).`;
export const tooManySchedules = (max: number) =>
  `this channel already has ${max} schedules; delete one with \`/quickmeet schedule action:delete id:<id>\` first.`;

export function scheduleCreated(s: Schedule, next: string): RichMessage {
  return {
    title: "Schedule created",
    text:
      `${s.kind === "live" ? "A" : "An"} ${kindText(s)} in ${channelMention(s.channelId)}, ${s.label} (${s.timeZone}). ` +
      (next ? `The first one is ${next}.` : "") +
      (s.kind === "async" ? " Members join the pairing pool with `/quickmeet opt action:in` in this channel." : ""),
    fields: [
      { label: "Id", value: s.id },
      ...(s.headsUpHours ? [{ label: "Heads-up", value: `${s.headsUpHours} h before, with "Skip this one"` }] : []),
      ...(s.kind === "async" ? [{ label: "Inactive after", value: plural(s.inactiveAfter, "silent meet") }] : []),
    ],
  };
}

export function scheduleList(items: ReadonlyArray<{ schedule: Schedule; next: string | undefined }>): RichMessage {
  if (items.length === 0)
    return {
      text: 'No schedules yet. Create one with `/quickmeet schedule action:create cadence:"every monday 10:00" timezone:America/New_York`.',
    };
  return {
    title: "Quick Meet schedules",
    text: items
      .map(({ schedule: s, next }) => {
        const when = s.status === "paused" ? "paused" : next ? `next ${next}` : "no further slot";
        return `• \`${s.id}\` ${channelMention(s.channelId)}: ${kindText(s)}, ${s.label} (${s.timeZone}): ${when}`;
      })
      .join("\n"),
  };
}

export const scheduleNotFound = (id: string): RichMessage => ({
  text: `There's no schedule \`${id}\` here. \`/quickmeet schedule action:list\` shows their ids.`,
});
export const scheduleIdNeeded = (ids: readonly string[]): RichMessage => ({
  text:
    ids.length === 0
      ? "This channel has no schedule. Name one with `id:` (see `/quickmeet schedule action:list`)."
      : `This channel has several schedules: say which with \`id:\` (${ids.map((i) => `\`${i}\``).join(", ")}).`,
});
export const schedulePaused = (s: Schedule): RichMessage => ({
  text: `Schedule \`${s.id}\` (${s.label}) is paused. Nothing runs until \`/quickmeet schedule action:resume id:${s.id}\`.`,
});
export const scheduleAlreadyActive = (s: Schedule): RichMessage => ({
  text: `Schedule \`${s.id}\` is already running.`,
});
export const scheduleResumed = (s: Schedule, next: string): RichMessage => ({
  text: `Schedule \`${s.id}\` (${s.label}) is running again.${next ? ` Next: ${next}.` : ""}`,
});
export const scheduleDeleted = (s: Schedule): RichMessage => ({
  text: `Schedule \`${s.id}\` (${s.label}) is deleted. Meets already under way finish normally.`,
});

export function scheduleHeadsUp(s: Schedule, slot: number, when: string): RichMessage {
  if (s.kind === "live")
    return {
      title: "Quick Meet coming up",
      text:
        `Heads-up: a live Quick Meet starts here ${when}. Watch for the lobby message and click **Join**. ` +
        "Not this time? Click **Skip this one** so the organizers know.",
      buttons: [[{ actionId: actionIds.scheduleSkip(s.id, slot), label: "Skip this one", style: "secondary" }]],
    };
  return {
    title: "Quick Meet coming up",
    text:
      `Heads-up: the next async Quick Meet pairs people from this channel ${when}; each pair gets ${plural(s.days, "day")} to meet. ` +
      "Not this time? Click **Skip this one**: you stay in the pool for the next ones.",
    buttons: [
      [
        { actionId: actionIds.poolIn(s.channelId), label: "Count me in", style: "primary" },
        { actionId: actionIds.scheduleSkip(s.id, slot), label: "Skip this one", style: "secondary" },
      ],
    ],
  };
}

export const skipConfirmed: RichMessage = {
  text: "OK, you're skipping this one. You stay in the pool and will be paired next time.",
};
export const skipConfirmedLive: RichMessage = {
  text: "OK, you're skipping this one. Changed your mind? Click **Join** on the lobby message when it opens.",
};
export const skipTooLate: RichMessage = { text: "This one has already started, so there is nothing left to skip." };
export const scheduleGone: RichMessage = { text: "This schedule no longer exists." };

export function scheduledRunSkipped(label: string, when: string, reason: ScheduleSkipReason): RichMessage {
  const why: Record<ScheduleSkipReason, string> = {
    missed: "the bot was offline at that time",
    "not-enough-members": "fewer than two members were available",
    "session-running": "a Quick Meet was already running in the channel",
    "not-ready": "the bot lacks a permission it needs in the channel (run `/quickmeet start` there to see which)",
    "previous-meet-running": "the previous async meet is still running",
  };
  return { title: "A scheduled Quick Meet did not run", text: `${label}, ${when}: skipped because ${why[reason]}.` };
}

export function scheduledRunsMissed(label: string, channelId: string, whens: readonly string[]): RichMessage {
  return {
    title: "Scheduled Quick Meets missed",
    text:
      `The bot was offline when ${plural(whens.length, "scheduled Quick Meet")} (${label}) in ${channelMention(channelId)} was due, ` +
      `more than an hour ago, so ${whens.length === 1 ? "it was" : "they were"} skipped rather than run late: ${whens.join("; ")}. ` +
      "The schedule continues with the next slot.",
  };
}

export const asyncNotEnough = (channelId: string, count: number): RichMessage => ({
  title: "Async Quick Meet skipped",
  text: `Only ${plural(count, "member")} of ${channelMention(channelId)}'s pool could be paired this time (2 needed). Invite people to \`/quickmeet opt action:in\` there.`,
});
export const asyncNobodyElse: RichMessage = {
  text: "No partner for you in this Quick Meet, sorry: not enough people were available. You're first in line next time.",
};
export const welcomeBack = (channelId: string): RichMessage => ({
  text: `Welcome back! Your pause is over, so you're in this week's Quick Meet from ${channelMention(channelId)} again.`,
});

export function asyncIntroMessage(args: IntroContent & { days: number; endsAt: number }): RichMessage {
  return {
    title: "Quick Meet · this week's match",
    text:
      `${list(args.people.map((p) => p.userId))}: you've been matched! You have ${plural(args.days, "day")}, until ${dateTime(args.endsAt)}, ` +
      `to meet: find a time for a short call or coffee, or just talk here.\n\n${introBody(args)}`,
  };
}

export function asyncCheckIn(meetId: string, groupId: string, endsAt: number): RichMessage {
  return {
    text: `Halfway there! Have you met yet? You have until ${dateTime(endsAt)}.`,
    buttons: [
      [
        { actionId: actionIds.checkIn(meetId, groupId, "met"), label: "We've met", style: "success" },
        { actionId: actionIds.checkIn(meetId, groupId, "planned"), label: "Not yet, it's planned", style: "primary" },
        { actionId: actionIds.checkIn(meetId, groupId, "cant"), label: "We can't make it", style: "secondary" },
      ],
    ],
  };
}

export function asyncEnd(meetId: string, groupId: string, answersUntil: number, size = 2): RichMessage {
  return {
    title: "Quick Meet: time's up",
    text:
      `This Quick Meet is over. Two quick questions, answered privately:\n1. **Did you meet?**\n2. ${mutualRule(size)}\n` +
      `The buttons work until ${new Date(answersUntil).toISOString().slice(0, 16).replace("T", " ")} UTC; then this conversation closes.`,
    buttons: [
      [
        { actionId: actionIds.asyncMet(meetId, groupId, true), label: "Yes, we met", style: "success" },
        { actionId: actionIds.asyncMet(meetId, groupId, false), label: "No, we didn't", style: "secondary" },
      ],
      [
        { actionId: actionIds.asyncStay(meetId, groupId, true), label: "Stay in touch: yes", style: "primary" },
        { actionId: actionIds.asyncStay(meetId, groupId, false), label: "No, thanks", style: "secondary" },
      ],
    ],
  };
}

export const notYourMeet: RichMessage = { text: "These buttons are for the people in this Quick Meet." };
export const checkInThanks = (answer: CheckInAnswer): RichMessage => ({
  text:
    answer === "met"
      ? "Great, thanks for telling me!"
      : answer === "planned"
        ? "Good to hear. Enjoy it!"
        : "No problem, thanks for letting me know. There's always next time.",
});
export const metThanks = (met: boolean): RichMessage => ({
  text: met ? "Wonderful, thanks! Noted that you met." : "Thanks for telling me. Better luck with the next match!",
});
export const metAlreadyAnswered: RichMessage = { text: "You already told me whether you met. Thanks!" };

export function asyncSpaceFailed(partners: readonly string[], reason: string): RichMessage {
  return {
    title: "Quick Meet · this week's match",
    text:
      `I couldn't open a private space for your match (${reason}). Your partner${partners.length > 1 ? "s are" : " is"} ` +
      `${list(partners)}: please message each other directly. The organizer has been told.`,
  };
}
export const asyncSpaceFailedForOrganizer = (members: readonly string[], reason: string): RichMessage => ({
  title: "An async match could not get a private space",
  text: `No private space for ${list(members)}: ${reason}. They were told to message each other directly.`,
});

export function askToOptInAgain(channelId: string, silentMeets: number): RichMessage {
  return {
    title: "Still up for Quick Meets?",
    text:
      `You haven't answered or written in your last ${plural(silentMeets, "Quick Meet")} from ${channelMention(channelId)}, ` +
      "so I've stopped matching you: nobody should wait for a partner who isn't there. Want back in? One click:",
    buttons: [[{ actionId: actionIds.poolIn(channelId), label: "Count me in again", style: "primary" }]],
  };
}

export const poolJoined = (channelId: string): RichMessage => ({
  text: `You're in the Quick Meet pool of ${channelMention(channelId)}: you'll be matched at its next async Quick Meet. \`/quickmeet pause\` takes a break, \`/quickmeet opt action:out\` leaves.`,
});
export const poolBack = (channelId: string): RichMessage => ({
  text: `Welcome back! You'll be matched again at ${channelMention(channelId)}'s next async Quick Meet.`,
});
export const poolAlreadyIn = (channelId: string): RichMessage => ({
  text: `You're already in the Quick Meet pool of ${channelMention(channelId)}.`,
});
export const poolLeft = (channelId: string): RichMessage => ({
  text: `You've left the Quick Meet pool of ${channelMention(channelId)}. \`/quickmeet opt action:in\` there brings you back.`,
});
export const poolNotIn = (channelId: string): RichMessage => ({
  text: `You're not in the Quick Meet pool of ${channelMention(channelId)}, so there's nothing to leave.`,
});
export function poolStatus(s: {
  channelId: string;
  inPool: boolean;
  inactive: boolean;
  pausedUntil?: number;
  members: number;
}): RichMessage {
  const you = !s.inPool
    ? "You're not in it: `/quickmeet opt action:in` joins."
    : s.inactive
      ? "You're in it but inactive after silent meets: `/quickmeet opt action:in` reactivates you."
      : s.pausedUntil !== undefined
        ? `You're in it, paused until ${dateTime(s.pausedUntil)}.`
        : "You're in it and will be matched next time.";
  return {
    text: `The Quick Meet pool of ${channelMention(s.channelId)} has ${plural(s.members, "active member")}. ${you}`,
  };
}

/** Said in an async meet's space when a member left it and the platform cannot take them out (Slack group DMs). */
export const memberLeftMeet: RichMessage = {
  text: "One member of this meet has left Quick Meet and is no longer part of it. Their messages here are not counted.",
};
