import type { FeedbackRating, Session } from "../domain/types.ts";

/** Periods an organizer can ask about; every window but `last-session` ends at the injected clock's now. */
export const PERIODS = ["last-session", "7d", "30d", "90d", "all"] as const;
export type Period = (typeof PERIODS)[number];

/** The default period of `/quickmeet stats`. */
export const DEFAULT_PERIOD: Period = "30d";

/** A member whose last group is older than this is listed as "not grouped for a long time". */
export const DORMANT_AFTER_MS = 30 * 86_400_000;

export const RATINGS: readonly FeedbackRating[] = ["great", "ok", "not-great", "report"];

export type EndReason = NonNullable<Session["endReason"]>;

/** What to compute: a period relative to `now`, optionally one channel. */
export interface StatsQuery {
  period: Period;
  /** Milliseconds since the epoch, from the injected clock (never Date.now(), so tests are exact). */
  now: number;
  channelId?: string;
}

/** What happened to one group, decided from its records. */
export type GroupOutcome =
  /** At least two members wrote at least one message. */
  | "conversation"
  /** The space opened and closed, but fewer than two members wrote. */
  | "no-show"
  /** The private space could not be opened. */
  | "failed"
  /** The round has not been closed (running now, or the session was cut short before counting). */
  | "unfinished";

/**
 * What became of a session: `held` when at least one group was formed, `cancelled` when it ended before anyone was
 * grouped (ended in the lobby, or too few joined), `lobby` while its lobby is still open.
 */
export type SessionStatus = "held" | "cancelled" | "lobby";

/** A session nobody was grouped in: listed apart, never counted as a held session or in anyone's session count. */
export interface UnheldSession {
  sessionId: string;
  channelId: string;
  status: Exclude<SessionStatus, "held">;
  startedAt: number;
  endedAt?: number;
  /** Members who had joined the lobby (a count; they are not participants of any held session for it). */
  joined: number;
}

/** Figures for one held session; the per-session CSV and the chart are made of these. */
export interface SessionFigures {
  /** 1-based, in order of start within the period: the number under its bar in the chart and in the CSV. */
  number: number;
  sessionId: string;
  channelId: string;
  startedAt: number;
  endedAt?: number;
  endReason?: EndReason;
  rounds: number;
  /** Distinct members who joined (or were grouped, should a join record be missing), leavers included. */
  participants: number;
  /** Of those, members who were in at least one group. */
  grouped: number;
  /** Participants whose first session (in the queried channel scope) is this one. */
  newMembers: number;
  groups: number;
  conversations: number;
  noShows: number;
  failed: number;
  unfinished: number;
  messages: number;
  /** Voice rooms whose time was measured, and the seconds two or more members spent in them together. */
  voiceRooms: number;
  voiceSeconds: number;
  feedback: Record<FeedbackRating, number>;
  /** Stay-in-touch answers: one per member per group (their latest click), whatever the group's size. */
  stayYes: number;
  stayNo: number;
  /** Pairs who both said yes, as recorded when the bot told them (a pair connects once in a community). */
  connections: number;
  pairs: number;
  repeatPairs: number;
}

/** Figures for one member over the queried sessions. `anonymous` members (forget-me aliases) are never named. */
export interface MemberFigures {
  userId: string;
  anonymous: boolean;
  /** 1-based rank of first appearance in the community's history: a pseudonym that stays stable across exports. */
  ordinal: number;
  sessions: number;
  groups: number;
  conversations: number;
  /** Groups that closed with no message from this member. */
  silentGroups: number;
  messages: number;
  feedbackGiven: number;
  stayYes: number;
  connections: number;
  isNew: boolean;
  firstSeenAt: number;
  lastGroupedAt?: number;
}

/** A member not grouped for a long time (never an anonymous alias). */
export interface DormantMember {
  userId: string;
  /** Last time they were in a group; absent when they joined but were never grouped. */
  lastGroupedAt?: number;
  lastJoinedAt?: number;
}

/** A common-ground topic shown in intros, with how many of its groups really talked. */
export interface TopicFigures {
  topic: string;
  groups: number;
  conversations: number;
}

/** A titled block of figures beside the main ones: scheduled runs and async meets (schedule-figures.ts). */
export interface StatsSection {
  id: string;
  title: string;
  /** A field labelled "" is the section's headline: shown under the section title alone. */
  fields: ReadonlyArray<{ label: string; value: string }>;
}

/** Everything `/quickmeet stats` shows, computed purely from the event stream. */
export interface StatsReport {
  query: StatsQuery;
  /** Sessions started in [from, to] are in scope; for `last-session` the window is that session's start. */
  window: { from: number; to: number };
  /** Held sessions (at least one group formed); every other figure is about these only. */
  sessions: number;
  /** Sessions that ended before anyone was grouped. */
  cancelled: number;
  /** Sessions whose lobby is open now. */
  inLobby: number;
  /** The cancelled and open-lobby sessions, oldest first. */
  unheld: readonly UnheldSession[];
  rounds: number;
  endReasons: Record<EndReason, number>;
  participants: number;
  /**
   * Of the grouped members `of` (groups recorded since this was tracked), how many the bot knew something about: a
   * profile, or an organizer-chosen role or channel. Absent when no group in scope recorded it.
   */
  known?: { known: number; of: number };
  grouped: number;
  newMembers: number;
  returningMembers: number;
  /**
   * Per channel, distinct participants who can still be told apart: members who used forget-me are left out (they may
   * be in the channel again under their own id). The numerator of the channel's participation rate.
   */
  channels: ReadonlyArray<{ channelId: string; participants: number }>;
  groups: number;
  conversations: number;
  noShows: number;
  failed: number;
  unfinished: number;
  messages: number;
  /** Messages per group whose messages were counted (failed and unfinished groups have no count); null when none. */
  averageMessagesPerGroup: number | null;
  /** Voice rounds: rooms whose time was measured, and the seconds two or more members spent in them together. */
  voiceRooms: number;
  voiceSeconds: number;
  feedback: Record<FeedbackRating, number>;
  feedbackTotal: number;
  stayYes: number;
  stayNo: number;
  connections: number;
  /** Member pairs put together in scope (a trio is three pairs). */
  pairs: number;
  /** Of those, pairs that had already been grouped earlier in the community's history. */
  repeatPairs: number;
  repeatPairRate: number | null;
  topTopics: readonly TopicFigures[];
  dormant: readonly DormantMember[];
  perSession: readonly SessionFigures[];
  perMember: readonly MemberFigures[];
  /** Members removed by forget-me whose figures are still counted above (never named). */
  anonymousParticipants: number;
  /** Sections for records of src/schedule (scheduled runs, async meets), each only when it has something to say. */
  sections: readonly StatsSection[];
}
