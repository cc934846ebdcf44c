import type { FeedbackRating, Session, SessionOptions } from "../domain/types.ts";
import type { Button, FormSpec, RichMessage } from "../platform/port.ts";
import { actionIds } from "./actions.ts";
import { literal } from "./markup.ts";
import { voiceLobbyField } from "./voice-templates.ts";

/**
 * Every sentence the bot says lives here, as functions returning platform-neutral messages. Adapters render them;
 * tests assert on them. Keeping the words in one place keeps them consistent across Discord, Slack and the sandbox.
 */

export const mention = (userId: string) => `<@${userId}>`;

export const list = (ids: readonly string[]) => {
  const m = ids.map(mention);
  if (m.length <= 1) return m.join("");
  return `${m.slice(0, -1).join(", ")} and ${m.at(-1)}`;
};

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "in 2 min" / "in 45 s" — coarse on purpose: the lobby is refreshed every few seconds, not every second. */
export function countdown(ms: number): string {
  if (ms <= 0) return "now";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `in ${s} s`;
  return `in ${Math.ceil(s / 60)} min`;
}

/** Clock time in UTC (platforms localise their own timestamps; the text stays unambiguous). */
export function clockTime(at: number): string {
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

const format = (o: SessionOptions) =>
  `${plural(o.rounds, "round")} of ${o.minutesPerRound} min, in ${o.groupSize === 2 ? "pairs" : "groups of three"}${o.mode === "voice" ? ", in voice rooms" : ""}`;

const lobbyButtons = (sessionId: string): Button[][] => [
  [
    { actionId: actionIds.join(sessionId), label: "Join", style: "primary" },
    { actionId: actionIds.leave(sessionId), label: "Leave", style: "secondary" },
  ],
];

/** The lobby message, edited in place as people join and time passes. */
export function lobbyMessage(session: Session, now: number): RichMessage {
  const people = plural(session.participants.length, "person", "people");
  const fields = [
    { label: "Format", value: format(session.options) },
    { label: "Joined", value: people },
    ...(session.voice && session.status !== "ended" ? [voiceLobbyField(session.voice.channelId)] : []),
  ];
  if (session.status === "lobby") {
    return {
      title: "Quick Meet: join to meet people one-on-one",
      text:
        `${mention(session.organizerId)} started a Quick Meet. Click **Join**: you'll be paired with someone new ` +
        `each round, and each conversation opens with what you have in common.\n` +
        `Round 1 starts ${countdown(session.lobbyEndsAt - now)} (${clockTime(session.lobbyEndsAt)}).`,
      fields,
      buttons: lobbyButtons(session.id),
    };
  }
  if (session.status === "ended" && session.currentRound === 0) return cancelledLobby(session);
  if (session.status === "ended") {
    return {
      title: "Quick Meet: ended",
      text: `This Quick Meet has ended. Thanks to everyone who took part! (${people})`,
      fields,
    };
  }
  const phase =
    session.status === "round"
      ? `Round ${session.currentRound} of ${session.options.rounds} is on.`
      : `Break: round ${session.currentRound + 1} of ${session.options.rounds} starts ${countdown((session.nextAt ?? now) - now)}.`;
  return {
    title: "Quick Meet: in progress",
    text: `${phase} Joining now? Click **Join** and you'll be paired from the next round.`,
    fields,
    buttons: lobbyButtons(session.id),
  };
}

/** The lobby of a session that ended before anyone was grouped: a cancelled session, not a finished one. */
function cancelledLobby(session: Session): RichMessage {
  const joined = session.participants.length;
  const why =
    session.endReason === "not-enough-members"
      ? `: ${joined === 0 ? "nobody" : plural(joined, "person", "people")} joined, and it takes at least 2`
      : " by the organizer";
  return {
    title: "Quick Meet: cancelled",
    text: `This Quick Meet was cancelled before it started${why}. Nobody was paired.`,
    fields: [{ label: "Format", value: format(session.options) }],
  };
}

/** The organizer's answer to `/quickmeet end` in the lobby: no round ran, so no summary follows. */
export const cancelledBeforeStart: RichMessage = {
  text: "Quick Meet cancelled before it started: nobody was paired, so there is no summary. The channel's lobby message says so.",
};

export interface IntroPerson {
  userId: string;
  /** "PR · Rochester · looking for a mentor · fun fact: ..." or empty when no profile. */
  summary: string;
}

/** What an intro says, whatever kind of meet it opens. */
export interface IntroContent {
  people: readonly IntroPerson[];
  /** Lines of common ground (escaped member text), "\n"-separated. */
  commonGround: string;
  question: string;
  fallback: boolean;
  /** With `fallback`: someone has no profile, so nothing is known rather than nothing shared. */
  unknown?: boolean;
}

/**
 * The body shared by live and async intros, what matters first (so a platform that splits a long message shows it
 * first): what the group shares and the question, then one line about each person, then the Quick Meets rule.
 */
export function introBody(args: IntroContent): string {
  const ground = !args.fallback
    ? `**What you share:**\n${args.commonGround
        .split(/\n| · /)
        .filter((l) => l !== "")
        .map((l) => `• ${l}`)
        .join("\n")}`
    : args.unknown
      ? "I don't know much about you yet (not everyone has a `/quickmeet profile`), so finding common ground is your first job: find three things you have in common."
      : "Nothing in common on paper, which makes it more fun: find three things you have in common.";
  const about = args.people.filter((p) => p.summary !== "");
  return [
    ground,
    `**Start here:** ${args.question}`,
    ...(about.length > 0
      ? [`\n**About you:**\n${about.map((p) => `• ${mention(p.userId)}: ${p.summary}`).join("\n")}`]
      : []),
    "\n_The Quick Meets rule: skip the résumé. Find something you have in common and explore it._",
  ].join("\n");
}

/** The first message in a group's private space: who, what they share, a question built on it. */
export function introMessage(
  args: IntroContent & {
    sessionId: string;
    round: number;
    rounds: number;
    endsAt: number;
    minutes: number;
    replacement?: boolean;
    /** The group's video room (the community's `video_link`), shown as a link button. */
    video?: { groupId: string; url: string };
  },
): RichMessage {
  const ids = args.people.map((p) => p.userId);
  const opener = args.replacement
    ? `Your partner left, so here's someone new for the rest of round ${args.round}.`
    : `You have ${args.minutes} minutes together, until ${clockTime(args.endsAt)}.`;
  const video = args.video;
  return {
    title: `Quick Meet · Round ${args.round} of ${args.rounds}`,
    text:
      `${list(ids)}: meet each other! ${opener}\n\n${introBody(args)}` +
      (video ? "\n\n🎥 Rather talk face to face? Your group has its own video room: the button opens it." : ""),
    ...(video
      ? {
          buttons: [
            [
              {
                actionId: actionIds.videoLink(args.sessionId, args.round, video.groupId),
                label: "Join the video room",
                style: "primary" as const,
                url: video.url,
              },
            ],
          ],
        }
      : {}),
  };
}

/** "One minute left", with the "Extend 5 minutes" button when the group may still ask for more time. */
export function nudgeMessage(round: number, extend?: { sessionId: string; groupId: string }): RichMessage {
  return {
    text:
      `⏳ One minute left in round ${round}. If you'd like to keep talking later, say so: I'll ask each of you in a minute.` +
      (extend
        ? "\nIn the middle of something good? When each of you clicks **Extend 5 minutes**, you get five more."
        : ""),
    ...(extend
      ? {
          buttons: [
            [
              {
                actionId: actionIds.extend(extend.sessionId, round, extend.groupId),
                label: "Extend 5 minutes",
                style: "primary" as const,
              },
            ],
          ],
        }
      : {}),
  };
}

/**
 * Posted in the space when one member asked for five more minutes and others have yet to click; it carries the
 * button again, so the others answer right under the request.
 */
export const extendAsked = (
  group: { sessionId: string; round: number; groupId: string },
  userId: string,
  waitingFor: readonly string[],
): RichMessage => ({
  text: `${mention(userId)} would like five more minutes. ${list(waitingFor)}: click **Extend 5 minutes** too and you get them.`,
  buttons: [
    [
      {
        actionId: actionIds.extend(group.sessionId, group.round, group.groupId),
        label: "Extend 5 minutes",
        style: "primary",
      },
    ],
  ],
});

/** Posted in the space when every member asked: the group's new end. */
export const extended = (round: number, until: number): RichMessage => ({
  text: `⏳ Five more minutes: round ${round} now ends for you at ${clockTime(until)}. The next round waits for you.`,
});

/** Private answers to an "Extend 5 minutes" click that changes nothing. */
export const extendAlready: RichMessage = { text: "Your group already has its five more minutes." };
export const extendAlreadyAsked: RichMessage = { text: "You already asked; waiting for the others in your group." };
export const extendTooLate: RichMessage = { text: "This round is over, so it can't be extended any more." };
export const extendTooEarly: RichMessage = { text: "A round can be extended in its last minute only." };
export const extendNotInGroup: RichMessage = { text: "Only the members of this conversation can extend it." };

/**
 * How "stay in touch?" works, for the group's size: a pair is told together; in a trio each two members count on
 * their own.
 */
export const mutualRule = (size: number) =>
  size <= 2
    ? "**Stay in touch?** Only if you both say yes do I tell you."
    : "**Stay in touch?** Each two of you count on their own: when two of you each say yes, I tell those two.";

/** Posted in the space at round end, with feedback and "stay in touch?" buttons for each member. */
export function closingMessage(
  sessionId: string,
  round: number,
  groupId: string,
  lastRound: boolean,
  answersUntil: number,
  size = 2,
  /** Another group took five more minutes: the next round starts after it. */
  nextAfter?: number,
): RichMessage {
  const rating = (r: FeedbackRating, label: string, style: NonNullable<Button["style"]>): Button => ({
    actionId: actionIds.feedback(sessionId, round, groupId, r),
    label,
    style,
  });
  return {
    title: `Round ${round}: time's up`,
    text:
      `Thanks for talking! Two quick questions, answered privately:\n` +
      `1. How was this conversation?\n2. ${mutualRule(size)}\n` +
      `The buttons work until ${clockTime(answersUntil)}; then this conversation closes.` +
      (lastRound
        ? ""
        : nextAfter
          ? `\nA group took five more minutes, so the next round starts a short break after ${clockTime(nextAfter)}, with someone new.`
          : "\nThe next round starts after a short break, with someone new."),
    buttons: [
      [
        rating("great", "Great", "success"),
        rating("ok", "OK", "secondary"),
        rating("not-great", "Not great", "secondary"),
        rating("report", "Report a problem", "danger"),
      ],
      [
        {
          actionId: actionIds.stayInTouch(sessionId, round, groupId, true),
          label: "Stay in touch: yes",
          style: "primary",
        },
        { actionId: actionIds.stayInTouch(sessionId, round, groupId, false), label: "No, thanks", style: "secondary" },
      ],
    ],
  };
}

export const feedbackThanks = (rating: FeedbackRating): RichMessage => ({
  text:
    rating === "report"
      ? "Thanks for telling us. The organizers have been notified privately; nobody else sees your report. Please tell them what happened in the form."
      : "Thanks for the feedback!",
});

export const feedbackAlreadyGiven: RichMessage = {
  text: "You already gave feedback for this conversation; the first answer is the one that counts. Thanks!",
};

/** The form a report opens: what happened, for the organizers only. */
export const reportForm = (sessionId: string, round: number, groupId: string): FormSpec => ({
  formId: actionIds.reportForm(sessionId, round, groupId),
  title: `Report round ${round}`,
  fields: [
    {
      id: "what",
      label: "What happened?",
      description: "Only the organizers see this. They may follow up with you privately.",
      style: "paragraph",
      required: true,
      maxLength: 1000,
    },
  ],
});

export const reportDetailsToOrganizers = (
  reporterId: string,
  members: readonly string[],
  round: number,
  what: string,
): RichMessage => ({
  title: "Details of a Quick Meet report",
  // The reporter's words are member text: shown as typed, never as mentions or formatting.
  text: `${mention(reporterId)} (round ${round}, group: ${list(members)}) wrote:\n${literal(what.trim())}`,
});

export const reportDetailsThanks: RichMessage = {
  text: "Thanks. The organizers have your words; nobody else sees them.",
};

export const unblocked = (userId: string): RichMessage => ({
  text: `Block lifted: you may be grouped with ${mention(userId)} again.`,
});

export const reportFirst: RichMessage = {
  text: "Use the Report button under this conversation's closing message first.",
};

/** The answer to a "stay in touch?" click that made no connection (yet); `partners` is how many the member had. */
export const stayInTouchRecorded = (yes: boolean, partners = 1): RichMessage => ({
  text: yes
    ? partners === 1
      ? "Noted. If your partner says yes too, I'll tell you both."
      : "Noted. For each partner who says yes too, I'll tell you both."
    : `Noted. Your ${partners === 1 ? "partner won't" : "partners won't"} be told anything.`,
});

/** Told to each member of a new connection: the clicker as the click's answer, the partner privately. */
export const connectionMade = (partnerIds: string | readonly string[]): RichMessage => {
  const ids = typeof partnerIds === "string" ? [partnerIds] : partnerIds;
  return {
    title: ids.length === 1 ? "You made a connection" : `You made ${ids.length} connections`,
    text:
      ids.length === 1
        ? `You and ${mention(ids[0] ?? "")} both want to stay in touch. Send them a message while the conversation is fresh!`
        : `${list(ids)} each want to stay in touch with you too. Send them a message while the conversation is fresh!`,
  };
};

export const reportToOrganizers = (reporterId: string, members: readonly string[], round: number): RichMessage => ({
  title: "A member reported a Quick Meet conversation",
  text: `${mention(reporterId)} reported their conversation in round ${round} (group: ${list(members)}). Please follow up with them privately.`,
});

/** Posted in a group's space when a member leaves the session mid-round. */
export const memberLeftSpace = (userId: string, removed: boolean): RichMessage => ({
  text: removed
    ? `${mention(userId)} left this Quick Meet.`
    : `${mention(userId)} left this Quick Meet. This conversation can't drop a member, so they may still read it, ` +
      "but they're no longer part of this round.",
});

/** To the one member left alone in a group of `size` (a pair's partner, or a trio's last member). */
export const partnerLeft = (round: number, size = 2): RichMessage => ({
  text:
    `${size <= 2 ? "Your partner" : "Your partners"} left the Quick Meet. If someone else becomes free during round ${round}, ` +
    "I'll pair you right away; otherwise you're in the next round.",
});

export function spaceFailedForMember(partners: readonly string[], round: number, reason: string): RichMessage {
  return {
    title: `Quick Meet · Round ${round}`,
    text:
      `I couldn't open a private space for your group (${reason}). Your partner${partners.length > 1 ? "s are" : " is"} ` +
      `${list(partners)}: please message each other directly. The organizer has been told.`,
  };
}

export function spaceFailedForOrganizer(members: readonly string[], round: number, reason: string): RichMessage {
  return {
    title: "A group could not get a private space",
    text: `Round ${round}: no private space for ${list(members)}: ${reason}. They were told to message each other directly.`,
  };
}

/** `known`: the bot knows something about the member (a profile, or a chosen role or channel); else a nudge. */
export const joined = (session: Session, now: number, known: boolean): RichMessage => ({
  text:
    (session.status === "lobby"
      ? `You're in! Round 1 starts ${countdown(session.lobbyEndsAt - now)}.`
      : `You're in! You'll be paired from round ${session.currentRound + 1}.`) +
    (known ? "" : " Add two or three things you're into so your partners see what you share."),
  ...(known
    ? {}
    : { buttons: [[{ actionId: actionIds.profileForm(), label: "Add to my profile", style: "primary" }]] }),
});
export const alreadyJoined: RichMessage = { text: "You're already in this Quick Meet." };
export const left: RichMessage = { text: "You've left this Quick Meet. You can join again any time before it ends." };
export const notJoined: RichMessage = { text: "You're not in this Quick Meet, so there's nothing to leave." };
export const sessionOver: RichMessage = {
  text: "This Quick Meet has already ended. Ask an organizer to start a new one.",
};
export const noSession: RichMessage = {
  text: "There's no Quick Meet running in this channel. An organizer can start one with `/quickmeet start`.",
};
export const lastRoundNoJoin: RichMessage = {
  text: "This Quick Meet is in its last round, so there's no round left to join. Catch the next one!",
};

export function notOrganizer(command: string): RichMessage {
  return {
    text: `Only organizers can use \`/quickmeet ${command}\`. Organizers are server/workspace admins and members the admins named with \`/quickmeet config\`.`,
  };
}

export function badOptions(command: string, problems: readonly string[]): RichMessage {
  return {
    title: `\`/quickmeet ${command}\`: please check the options`,
    text: problems.map((p) => `• ${p}`).join("\n"),
  };
}

export function sessionStarted(session: Session): RichMessage {
  return {
    text: `Quick Meet started: ${format(session.options)}. The lobby closes at ${clockTime(session.lobbyEndsAt)}. Use \`/quickmeet status\` to follow it and \`/quickmeet end\` to stop early.`,
  };
}

export const alreadyRunning = (session: Session): RichMessage => ({
  text: `A Quick Meet is already running in this channel (${session.status === "lobby" ? "lobby open" : `round ${session.currentRound} of ${session.options.rounds}`}). End it with \`/quickmeet end\` before starting another.`,
});

export const notReady = (problems: readonly string[]): RichMessage => ({
  title: "I can't run a Quick Meet in this channel yet",
  text: `${problems.map((p) => `• ${p}`).join("\n")}\nFix these, then run \`/quickmeet start\` again.`,
});

export const notEnoughPeople = (count: number): RichMessage => ({
  title: "Quick Meet: not enough people",
  text: `Only ${plural(count, "person", "people")} joined, and a Quick Meet needs at least 2. Try again with a longer lobby or ping the channel first.`,
});

export const waitingThisRound = (round: number): RichMessage => ({
  text: `Round ${round}: everyone else is already paired, so you're sitting this one out. You'll be first in line next round.`,
});

export function statusMessage(session: Session, now: number): RichMessage {
  const phase =
    session.status === "lobby"
      ? `Lobby open; round 1 starts ${countdown(session.lobbyEndsAt - now)}.`
      : session.status === "round"
        ? `Round ${session.currentRound} of ${session.options.rounds}; ends ${countdown((session.nextAt ?? now) - now)}.`
        : session.status === "break"
          ? `Break; round ${session.currentRound + 1} starts ${countdown((session.nextAt ?? now) - now)}.`
          : "Ended.";
  return {
    title: "Quick Meet status",
    text: phase,
    fields: [
      { label: "Format", value: format(session.options) },
      { label: "In the session", value: plural(session.participants.length, "person", "people") },
      { label: "Joined at some point", value: plural(session.everJoined.length, "person", "people") },
    ],
  };
}

export interface SessionSummary {
  people: number;
  rounds: number;
  groups: number;
  conversations: number;
  failedSpaces: number;
  connections: number;
  feedback: Record<FeedbackRating, number>;
}

export function summaryMessage(summary: SessionSummary, reason: Session["endReason"]): RichMessage {
  const f = summary.feedback;
  return {
    title: reason === "ended-early" ? "Quick Meet summary (ended early)" : "Quick Meet summary",
    text: "Here's how your Quick Meet went. Feedback that arrives later shows up in `/quickmeet stats`.",
    fields: [
      { label: "People", value: String(summary.people) },
      { label: "Rounds held", value: String(summary.rounds) },
      { label: "Groups formed", value: String(summary.groups) },
      { label: "Conversations that happened", value: `${summary.conversations} of ${summary.groups}` },
      { label: "Groups without a private space", value: String(summary.failedSpaces) },
      { label: "Connections made", value: String(summary.connections) },
      { label: "Feedback", value: `great ${f.great} · ok ${f.ok} · not great ${f["not-great"]} · reports ${f.report}` },
    ],
  };
}
