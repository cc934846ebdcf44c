/**
 * The domain model of quickmeet. Plain data only: every record here is stored as JSON by the store port,
 * so nothing holds a class instance, a Date or a Map.
 */

/**
 * The registry of platform ids. Empty here: the core knows no platform by name. Each adapter adds its own id where it
 * is defined (`declare module ".../src/domain/types.ts" { interface PlatformIds { teams: true } }`), so adding a
 * platform edits no domain file and a misspelt id is still a type error.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, one entry per adapter.
export interface PlatformIds {}

/** Which platform a record or event belongs to: any id an adapter (or the tests' fake platform) registered. */
export type PlatformId = keyof PlatformIds;

/** What a member is looking for; complementary pairs (mentor↔mentee, hiring↔job) count as common ground. */
export const LOOKING_FOR = ["mentor", "mentee", "job", "hiring", "collaborators", "friends"] as const;
export type LookingFor = (typeof LOOKING_FOR)[number];

/** Version stamped on every stored record so later releases can migrate old data. */
export const SCHEMA_VERSION = 1;

/** A community is one Discord guild or one Slack workspace. */
export interface CommunityRef {
  platform: PlatformId;
  /** Guild id on Discord, team id on Slack. */
  communityId: string;
}

export interface CommunitySettings {
  v: number;
  /** Members with this role (Discord role id) are organizers, besides platform admins. */
  organizerRoleId?: string;
  /** Members named here are organizers (Slack has no roles). */
  organizerUserIds: string[];
  /** Session defaults used when `/quickmeet start` omits an option. */
  defaults: SessionOptions;
  /** Questions this community added to the shipped bank. */
  customQuestions: CustomQuestion[];
  /**
   * Roles (Discord) and channels (Slack) an organizer chose as interest signals: members holding one share its tag
   * or goal at match time. Nothing else a platform knows about a member ever counts. Absent: none chosen.
   */
  interestSignals?: InterestSignal[];
  /**
   * The platform profile's job title and time zone (Slack `users.info`) stand in for a member's empty field and time
   * zone. Off unless an organizer turns it on.
   */
  platformProfile?: boolean;
  /**
   * Where each group meets face to face: an https template with `{community}`, `{session}` (a random code drawn per
   * session), `{round}` and `{group}`, or fixed links separated by spaces (the first for group 1 of every round, ...).
   * Intros carry the group's link as a button. Absent: no video links. Validated by `src/session/video-link.ts`.
   */
  videoLink?: string;
}

/** One organizer-chosen role or channel whose members share an interest or a goal. */
export interface InterestSignal {
  kind: "role" | "channel";
  /** Discord role id or Slack channel id. */
  id: string;
  /** How the intro names it: the role's or channel's name as the organizer gave it ("Podcasting", "podcasting"). */
  name: string;
  /** The interest tag it stands for (normalised with the profile's tags); absent when it stands for a goal. */
  tag?: string;
  /** The "looking for" goal it stands for (a role menu's "open to mentoring" → mentor). */
  goal?: LookingFor;
}

export interface CustomQuestion {
  id: string;
  text: string;
  addedBy: string;
  addedAt: number;
}

/** A member's self-description, shown to partners at match time. */
export interface Profile {
  v: number;
  userId: string;
  displayName: string;
  /** Free tags as the member typed them; normalised when compared, kept intact when shown. */
  interests: string[];
  field?: string;
  city?: string;
  /** IANA zone, e.g. America/New_York. */
  timeZone?: string;
  lookingFor: LookingFor[];
  funFact?: string;
  updatedAt: number;
}

/** Per-member controls that live outside the profile (they survive a profile edit). */
export interface MemberState {
  v: number;
  userId: string;
  /** Paused until this time (epoch ms); absent when active. */
  pausedUntil?: number;
  /** Members this member never wants to be grouped with. Silent to them. */
  blocked: string[];
  /** Question ids this member has already been asked, most recent last. */
  askedQuestions: string[];
  /** Opted out of every pool of the community. */
  optedOut: boolean;
  /** Use the profile only: the organizer's chosen roles and channels never count for this member. */
  profileOnly?: boolean;
}

export interface SessionOptions {
  rounds: number;
  minutesPerRound: number;
  lobbyMinutes: number;
  groupSize: 2 | 3;
  breakSeconds: number;
  /** Where groups talk: a private text space (default) or a private voice room (Discord). */
  mode?: SessionMode;
}

export type SessionMode = "text" | "voice";

/** A voice session's lobby voice channel: where members wait and return between rounds. */
export interface VoiceLobby {
  channelId: string;
  /** The bot made it (nobody sat in a voice channel): it is removed after the session. */
  created: boolean;
  /** A link that opens the channel in the platform's app. */
  url: string;
}

export type SessionStatus = "lobby" | "round" | "break" | "ended";

export type GroupStatus = "pending" | "open" | "failed" | "closed";

/**
 * What every group has, in a live round or an async meet: who, how well they fit, the intro prepared when they were
 * grouped (so a restarted process posts exactly the same words), and how far opening its space got. Built by one
 * function (`introduceGroup` in src/session/planner.ts); each kind adds its own progress marks.
 */
export interface IntroducedGroup {
  id: string;
  members: string[];
  score: number;
  status: GroupStatus;
  /** Platform id of the private space (thread or group DM) once opened. */
  spaceId?: string;
  introPosted: boolean;
  /** The space was locked/archived after the answer window of its last message. */
  spaceClosed?: boolean;
  /** Why the space could not be opened, when status is failed (told to members and organizer). */
  failure?: string;
  questionId?: string;
  /** Labels of the common ground shown in the intro. */
  topics: string[];
  /** Members the bot knew something about when grouping (a profile, or an organizer-chosen role or channel). */
  known?: string[];
  intro?: GroupIntro;
}

/** One private conversation of a round: 2 or 3 members (a trio only where nobody would otherwise be left out). */
export interface Group extends IntroducedGroup {
  nudged: boolean;
  closingPosted: boolean;
  /** Members who left the session during this round. */
  departed: string[];
  /** A group formed mid-round from members whose partners left. */
  replacement?: boolean;
  /** Members who clicked "Extend 5 minutes" this round. */
  extendVotes?: string[];
  /** Every member clicked "Extend 5 minutes": this group ends `EXTEND_MS` after the round (src/session/extend.ts). */
  extended?: boolean;
}

/** An intro's words, in the core markup with member text already escaped (`src/messages/markup.ts`). */
export interface GroupIntro {
  /** One line per shared thing, strongest first (intros stored before this used one " · " separated line). */
  commonGround: string;
  question: string;
  /** Nothing shared was found: the intro asks the group to find three things in common. */
  fallback: boolean;
  /** With `fallback`: someone in the group has no profile (so "nothing shared" may just be "nothing known"). */
  unknown?: boolean;
  /** One line per member: field · city · looking for · fun fact. */
  summaries: Record<string, string>;
}

export interface Round {
  v: number;
  sessionId: string;
  number: number;
  startedAt: number;
  endsAt: number;
  groups: Group[];
  /** Members with nobody to talk to this round (a lone joiner, or a partner who left); placed when another frees up. */
  waiting: string[];
  closed: boolean;
}

export interface Session {
  v: number;
  id: string;
  platform: PlatformId;
  communityId: string;
  channelId: string;
  organizerId: string;
  options: SessionOptions;
  status: SessionStatus;
  createdAt: number;
  lobbyEndsAt: number;
  /** Members in the session now (joined and not left). Late joiners enter at the next round. */
  participants: string[];
  /** Everyone who ever joined, for the summary. */
  everJoined: string[];
  /** Display names as the platform reported them at join time. */
  names: Record<string, string>;
  /** Number of the round running or last run; 0 in the lobby. Rounds are stored as records of their own. */
  currentRound: number;
  /** When the next phase starts (lobby close, round end, break end). */
  nextAt?: number;
  lobbyMessageId?: string;
  /** Voice sessions: the lobby voice channel members are moved from and back to. */
  voice?: VoiceLobby;
  endedAt?: number;
  endReason?: "completed" | "ended-early" | "not-enough-members";
  /** Seed for the pairing engine, logged so any plan can be reproduced. */
  seed: string;
  /**
   * The community's `video_link` as it was when the session started, with the random code `{session}` stands for
   * (drawn here and shown nowhere else, so nobody outside a group can guess its room).
   */
  video?: { link: string; code: string };
}

export type FeedbackRating = "great" | "ok" | "not-great" | "report";

/**
 * The append-only record of what happened, per community. Stats are computed from it; it never holds message text.
 */
export type EventRecord =
  | {
      type: "session-started";
      at: number;
      sessionId: string;
      channelId: string;
      organizerId: string;
      options: SessionOptions;
    }
  | { type: "joined"; at: number; sessionId: string; userId: string }
  | { type: "left"; at: number; sessionId: string; userId: string }
  | {
      type: "grouped";
      at: number;
      sessionId: string;
      round: number;
      groupId: string;
      members: string[];
      /** Words of the common ground the intro showed, time zones left out (records before 2026-12 hold keys). */
      topics: string[];
      /** Members the bot knew something about (profile, chosen role or channel); absent in older records. */
      known?: string[];
      questionId?: string;
      score: number;
      /** Set for groups of an async meet (then `sessionId` is the meet id and `round` is 1). */
      async?: true;
    }
  | {
      type: "space-failed";
      at: number;
      sessionId: string;
      round: number;
      groupId: string;
      members: string[];
      reason: string;
    }
  | {
      type: "messages-counted";
      at: number;
      sessionId: string;
      round: number;
      groupId: string;
      counts: Record<string, number>;
    }
  | {
      /**
       * A voice room's time, measured from voice state events (never audio): how long two or more members were in
       * the room together, and how long each member was in it.
       */
      type: "voice-counted";
      at: number;
      sessionId: string;
      round: number;
      groupId: string;
      togetherSeconds: number;
      seconds: Record<string, number>;
    }
  | {
      type: "feedback";
      at: number;
      sessionId: string;
      round: number;
      groupId: string;
      userId: string;
      rating: FeedbackRating;
    }
  | {
      type: "stay-in-touch";
      at: number;
      sessionId: string;
      round: number;
      groupId: string;
      userId: string;
      partnerId: string;
      answer: boolean;
    }
  | { type: "connection"; at: number; sessionId: string; members: [string, string] }
  | { type: "round-ended"; at: number; sessionId: string; round: number }
  | { type: "session-ended"; at: number; sessionId: string; reason: NonNullable<Session["endReason"]> }
  | { type: "member-forgotten"; at: number; alias: string }
  // Recurring Quick Meets (src/schedule).
  | {
      /** One slot of a schedule: held on time, caught up after a restart (late, within the hour), or skipped. */
      type: "schedule-run";
      at: number;
      scheduleId: string;
      channelId: string;
      kind: "live" | "async";
      /** The slot's planned time (epoch ms). */
      slot: number;
      outcome: "held" | "caught-up" | "skipped";
      reason?: ScheduleSkipReason;
      /** The live session it started, or the async meet. */
      sessionId?: string;
      meetId?: string;
    }
  | {
      type: "async-meet-started";
      at: number;
      meetId: string;
      scheduleId: string;
      channelId: string;
      days: number;
      endsAt: number;
      /** Members paired, and pool members left out this time, by reason. */
      paired: number;
      excluded: { paused: number; optedOut: number; inactive: number; skipped: number };
    }
  | {
      type: "async-check-in";
      at: number;
      meetId: string;
      groupId: string;
      userId: string;
      answer: "met" | "planned" | "cant";
    }
  /** "Did you meet?" at the end of an async meet; the first answer of each member counts. */
  | { type: "async-met"; at: number; meetId: string; groupId: string; userId: string; met: boolean }
  /** An async group's end: messages each member wrote in its space (counts only) and who answered anything. */
  | {
      type: "async-group-ended";
      at: number;
      meetId: string;
      groupId: string;
      members: string[];
      counts: Record<string, number>;
      responded: string[];
    }
  | {
      /** Pool membership of a channel: opted in/out, went inactive after silent meets, came back, skipped one run. */
      type: "pool-changed";
      at: number;
      channelId: string;
      userId: string;
      change: "opted-in" | "opted-out" | "inactive" | "reactivated" | "skipped-run";
      scheduleId?: string;
    };

export type ScheduleSkipReason =
  | "missed"
  | "not-enough-members"
  | "session-running"
  | "not-ready"
  | "previous-meet-running";

export type EventType = EventRecord["type"];
