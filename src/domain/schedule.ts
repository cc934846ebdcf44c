import type { IntroducedGroup, PlatformId, SessionOptions } from "./types.ts";

/**
 * Stored records of recurring Quick Meets. Plain JSON like every domain record; each carries the schema version `v`.
 */

export type ScheduleKind = "live" | "async";

/** A recurring Quick Meet in one channel. */
export interface Schedule {
  v: number;
  id: string;
  platform: PlatformId;
  communityId: string;
  channelId: string;
  /** The organizer who created it: scheduled live sessions run in their name and they get the notes. */
  createdBy: string;
  createdByName: string;
  createdAt: number;
  /** The cadence as it reads back ("every Monday at 10:00"). */
  label: string;
  /** 5-field cron expression (node-cron syntax), read in `timeZone`. */
  cron: string;
  /** IANA zone: slots are wall-clock times there, so 10:00 stays 10:00 across DST changes. */
  timeZone: string;
  /** Only every Nth week, counted from `anchor`'s week. */
  everyWeeks?: number;
  /** The first slot (epoch ms). */
  anchor?: number;
  kind: ScheduleKind;
  /** Live sessions: options given at creation; the rest come from the community defaults at run time. */
  session: Partial<SessionOptions>;
  /** Async meets: how many days a pair has. */
  days: number;
  groupSize: 2 | 3;
  /** Post a heads-up (with "Skip this one") this many hours before each slot. */
  headsUpHours?: number;
  /** Async meets: members silent in this many meets in a row become inactive. */
  inactiveAfter: number;
  status: "active" | "paused";
  /** The slot armed now (epoch ms). */
  nextAt?: number;
  /** The last slot handled (held, caught up or skipped). */
  lastSlot?: number;
  /** The last async meet this schedule started (evaluated for silence at the next run). */
  lastMeetId?: string;
}

/** One group of an async meet: its space stays open for the meet's days. */
export interface AsyncGroup extends IntroducedGroup {
  checkInPosted: boolean;
  endPosted: boolean;
  /** Members who clicked any button of this meet (check-in, "did you meet?", stay in touch). */
  responded: string[];
}

/** A Donut-style meet: pairs get some days, a mid-point check-in and a "did you meet?" at the end. */
export interface AsyncMeet {
  v: number;
  id: string;
  scheduleId: string;
  platform: PlatformId;
  communityId: string;
  channelId: string;
  slot: number;
  startedAt: number;
  checkInAt: number;
  endsAt: number;
  days: number;
  groups: AsyncGroup[];
  names: Record<string, string>;
  ended: boolean;
  /** Silence of its members was counted (once, at the schedule's next run). */
  evaluated: boolean;
}

/** A member of a channel's async pool. */
export interface PoolMember {
  userId: string;
  name: string;
  joinedAt: number;
  /** Meets in a row in which they neither clicked nor wrote. */
  silentStreak: number;
  /** Asked to opt in again; never paired until they do. */
  inactive: boolean;
  /** Left out of a run because paused; told "welcome back" at the first run after the pause. */
  pausedSkipped?: boolean;
}

/**
 * The async pool of one channel: members who opted in there (`/quickmeet opt action:in` or the heads-up's
 * "Count me in" button). Opting in is explicit on purpose: async pairing sends private messages for days.
 */
export interface ChannelPool {
  v: number;
  members: Record<string, PoolMember>;
}
