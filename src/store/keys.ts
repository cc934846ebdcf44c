import { createHash } from "node:crypto";
import type { PlatformId } from "../domain/types.ts";

/**
 * Every store key is built here, so the layout of the data is readable in one place and no code concatenates keys.
 * Community-scoped keys carry the platform, since a Discord guild id and a Slack team id may collide.
 */
const scope = (platform: PlatformId, communityId: string) => `${platform}:${communityId}`;

export const keys = {
  /** CommunitySettings. */
  community: (p: PlatformId, c: string) => `community:${scope(p, c)}`,
  /** Profile of one member. */
  profile: (p: PlatformId, c: string, userId: string) => `profile:${scope(p, c)}:${userId}`,
  /** MemberState (pause, blocks, asked questions). */
  memberState: (p: PlatformId, c: string, userId: string) => `member:${scope(p, c)}:${userId}`,
  /** Session record (without its rounds). */
  session: (sessionId: string) => `session:${sessionId}`,
  /** One round of a session, with its groups. */
  round: (sessionId: string, round: number) => `round:${sessionId}:${round}`,
  /** Set once a round is closed (checked before each intro is posted). */
  roundClosed: (sessionId: string, round: number) => `round-closed:${sessionId}:${round}`,
  /** Lock serialising every write to a session and its rounds. */
  sessionLock: (sessionId: string) => `lock:session:${sessionId}`,
  /** Id of the running session in a channel (at most one per channel). */
  channelSession: (p: PlatformId, c: string, channelId: string) => `channel-session:${scope(p, c)}:${channelId}`,
  /** Ids of sessions not yet ended, re-read at start-up. */
  activeSessions: () => "index:active-sessions",
  /** Append-only stream of EventRecords for a community. */
  events: (p: PlatformId, c: string) => `events:${scope(p, c)}`,
  /**
   * Marks an inbound platform event as handled (idempotency). Hashed: Slack's click ids carry the member's id, and a
   * key must not name anyone after forget-me.
   */
  seenEvent: (p: PlatformId, eventId: string) =>
    `seen:${p}:${createHash("sha256").update(eventId).digest("hex").slice(0, 32)}`,
  /** Maps a platform space (thread / group DM) to the group it currently hosts. */
  space: (p: PlatformId, spaceId: string) => `space:${p}:${spaceId}`,
  /** Who entered and left a voice room, and when (voice state events; never audio). */
  voiceLog: (p: PlatformId, spaceId: string) => `voice-log:${p}:${spaceId}`,
  voiceLogLock: (p: PlatformId, spaceId: string) => `lock:voice-log:${p}:${spaceId}`,
  /** Messages one member wrote in one group's space (a count, never the text). */
  messageCount: (sessionId: string, round: number, groupId: string, userId: string) =>
    `msgs:${sessionId}:${round}:${groupId}:${userId}`,
  /** First feedback of a member for a group (later clicks are ignored). */
  feedback: (sessionId: string, round: number, groupId: string, userId: string) =>
    `feedback:${sessionId}:${round}:${groupId}:${userId}`,
  /** A member's stay-in-touch answer about one partner. */
  stayInTouch: (sessionId: string, round: number, groupId: string, userId: string, partnerId: string) =>
    `stay:${sessionId}:${round}:${groupId}:${userId}:${partnerId}`,
  /** A mutual connection between two members; hashed so the key names nobody after forget-me. */
  connection: (p: PlatformId, c: string, a: string, b: string) =>
    `connection:${scope(p, c)}:${createHash("sha256").update([a, b].sort().join(":")).digest("hex").slice(0, 32)}`,
  /**
   * Written just before a post or a space is made on a platform (`key` names the session, round, group and kind,
   * never a member): if it is already there, an earlier attempt may have reached the platform before a crash.
   */
  attempt: (key: string) => `attempt:${key}`,
  /** One claimed call slot of a platform's rate-limit lane, shared by every process (adapters/slack/pacer.ts). */
  paceSlot: (scope: string, lane: string, slot: number) => `pace:${scope}:${lane}:${slot}`,
  /** Heartbeat of a bot process sharing the store with others (src/jobs/liveness.ts). */
  alive: (instanceId: string) => `alive:${instanceId}`,
  /** Set when the store file should be compacted at the next maintenance run (after a forget-me). */
  compactionWanted: () => "maintenance:compaction-wanted",
  /** Due work (deadline records) and their index. */
  job: (jobId: string) => `job:${jobId}`,
  jobsIndex: () => "index:jobs",
  jobsLock: () => "lock:index:jobs",
  /** Lease held by the process running a job, so two processes never run it twice. */
  jobLease: (jobId: string) => `lease:job:${jobId}`,
  /** Recurring Quick Meets (src/schedule): schedule records, their index, slot leases, async meets and pools. */
  schedule: (scheduleId: string) => `schedule:${scheduleId}`,
  schedulesIndex: () => "index:schedules",
  schedulesLock: () => "lock:index:schedules",
  /** Claimed by the process that runs one slot (node-cron coordination key); outlives the catch-up window. */
  scheduleSlot: (slotKey: string) => `slot:${slotKey}`,
  /** A member said "Skip this one" for one slot of a schedule. */
  scheduleSkip: (scheduleId: string, slot: number, userId: string) => `skip:${scheduleId}:${slot}:${userId}`,
  asyncMeet: (meetId: string) => `meet:${meetId}`,
  asyncMeetLock: (meetId: string) => `lock:meet:${meetId}`,
  /** The async pool of one channel (members who opted in there). */
  channelPool: (p: PlatformId, c: string, channelId: string) => `pool:${scope(p, c)}:${channelId}`,
  channelPoolLock: (p: PlatformId, c: string, channelId: string) => `lock:pool:${scope(p, c)}:${channelId}`,
  /** A member's "did you meet?" answer in an async meet. */
  asyncMet: (meetId: string, groupId: string, userId: string) => `met:${meetId}:${groupId}:${userId}`,
  /**
   * A Slack workspace's (or enterprise org's) installation from the OAuth flow, its bot token sealed
   * (adapters/slack/installations.ts); `id` is the team id, or `E:<enterprise id>` for an org-wide install.
   */
  slackInstallation: (id: string) => `slack-install:${id}`,
  slackInstallationsIndex: () => "index:slack-installs",
  slackInstallationsLock: () => "lock:index:slack-installs",
  /** Stream page and stream head (used by store implementations). */
  streamHead: (stream: string) => `stream-head:${stream}`,
  streamPage: (stream: string, page: number) => `stream-page:${stream}:${page}`,
  streamLock: (stream: string) => `lock:stream:${stream}`,
  /** A lease's holder, fencing token and expiry (single-process stores; kept after release so tokens only grow). */
  leaseRow: (name: string) => `lease-row:${name}`,
  /** One member of a set (single-process stores); \u0001 ends the set name so no set's rows prefix another's. */
  setRow: (set: string, member: string) => `set-row:${set}\u0001${member}`,
  /** Members in a session now (joined and not left), one set row each. */
  sessionParticipants: (sessionId: string) => `participants:${sessionId}`,
  /** Everyone who ever joined a session, with the display name they joined under. */
  sessionJoiners: (sessionId: string) => `joiners:${sessionId}`,
} as const;
