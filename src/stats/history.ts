import { conversationHappened } from "../domain/conversation.ts";
import type { EventRecord, FeedbackRating } from "../domain/types.ts";
import type { EndReason, GroupOutcome } from "./types.ts";

/** Prefix of the alias forget-me writes over a member's id (src/forget/forget.ts). */
export const FORGOTTEN_PREFIX = "forgotten-";

/** One group as its records tell it: who, on what common ground, how many messages, what feedback. */
export interface GroupHistory {
  sessionId: string;
  round: number;
  groupId: string;
  at: number;
  members: readonly string[];
  topics: readonly string[];
  /** Members the bot knew something about; absent in records from before it was recorded. */
  known?: readonly string[];
  /** Messages per member, once the round closed the group; absent before. */
  counts?: Readonly<Record<string, number>>;
  /** Voice rounds: seconds two or more members spent in the group's voice room together; absent for text groups. */
  voiceSeconds?: number;
  failed: boolean;
  /** Decided once the whole stream is read. */
  outcome: GroupOutcome;
  /** First rating per member (later clicks are ignored by the core too); absent when nobody answered. */
  feedback?: { userId: string; rating: FeedbackRating }[];
  /** Latest answer per member and partner (a member may change their mind); absent when nobody answered. */
  stay?: { userId: string; partnerId: string; yes: boolean }[];
  /** Member pairs in this group, and how many of them had been grouped before anywhere in the community. */
  pairs: number;
  repeatPairs: number;
}

/** One session as its records tell it. */
export interface SessionHistory {
  id: string;
  channelId: string;
  startedAt: number;
  endedAt?: number;
  endReason?: EndReason;
  /** Members who joined, with the time of their (last) join. */
  joined: Map<string, number>;
  groups: GroupHistory[];
  rounds: Set<number>;
  /** Mutual connections made in this session, as sorted pairs, once each. */
  connections: Map<string, readonly [string, string]>;
}

/** The community's history indexed once, in stream order; every figure is an aggregation over it. */
export interface History {
  /** In order of first record (sessions start in the order they were created). */
  sessions: Map<string, SessionHistory>;
  /** forget-me aliases announced by `member-forgotten` records. */
  aliases: Set<string>;
  /** Rank of each member's first appearance: a stable pseudonym across exports. */
  ordinals: Map<string, number>;
  /**
   * Groups of scheduled async meets (src/schedule), kept apart from live sessions: they count for repeat pairs and
   * for "last grouped", while their own figures are an extension section (schedule-figures.ts).
   */
  asyncGroups: { meetId: string; channelId?: string; at: number; members: readonly string[] }[];
}

/** A member id that must never be shown: a forget-me alias. */
export function isAnonymous(history: Pick<History, "aliases">, userId: string): boolean {
  return userId.startsWith(FORGOTTEN_PREFIX) || history.aliases.has(userId);
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
/** Room for 2^21 members per community in a numeric pair key (exact in a double up to 2^53). */
const PAIR_BASE = 2 ** 21;

/**
 * Folds the append-only event stream into sessions and groups in one pass (linear in the number of records: the
 * 100,000-group benchmark depends on it). Sessions in `skip` keep their starts, joins and groups (history: repeat
 * pairs, new members, dormancy) but not their answers and counts, which only figures about them would use. Records that reference a session whose start is missing get a placeholder,
 * so a damaged stream still yields figures rather than an error.
 */
export function indexHistory(events: readonly EventRecord[], skip?: ReadonlySet<string>): History {
  const sessions = new Map<string, SessionHistory>();
  // sessionId → round → groupId: nested maps, so the hot path allocates no key strings.
  const groups = new Map<string, Map<number, Map<string, GroupHistory>>>();
  const groupOf = (sessionId: string, round: number, groupId: string) =>
    groups.get(sessionId)?.get(round)?.get(groupId);
  const aliases = new Set<string>();
  const ordinals = new Map<string, number>();
  const asyncGroups: History["asyncGroups"] = [];
  const asyncMeets = new Set<string>();
  const meetChannels = new Map<string, string>();
  // Pairs keyed by the members' ordinals: a number, so the 100,000-group hot path allocates no key strings.
  const metPairs = new Set<number>();

  const see = (userId: string): number => {
    let n = ordinals.get(userId);
    if (n === undefined) {
      n = ordinals.size + 1;
      ordinals.set(userId, n);
    }
    return n;
  };
  const session = (id: string, at: number): SessionHistory => {
    let s = sessions.get(id);
    if (!s) {
      s = {
        id,
        channelId: "",
        startedAt: at,
        joined: new Map(),
        groups: [],
        rounds: new Set(),
        connections: new Map(),
      };
      sessions.set(id, s);
    }
    return s;
  };

  for (const e of events) {
    switch (e.type) {
      case "session-started": {
        const s = session(e.sessionId, e.at);
        s.channelId = e.channelId;
        s.startedAt = e.at;
        break;
      }
      case "joined":
        see(e.userId);
        session(e.sessionId, e.at).joined.set(e.userId, e.at);
        break;
      case "grouped": {
        let repeats = 0;
        let pairs = 0;
        const m = e.members;
        const ids = m.map(see);
        for (let i = 0; i < ids.length; i++) {
          for (let j = i + 1; j < ids.length; j++) {
            const a = ids[i] as number;
            const b = ids[j] as number;
            const k = a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
            pairs++;
            if (metPairs.has(k)) repeats++;
            else metPairs.add(k);
          }
        }
        if (e.async) {
          asyncMeets.add(e.sessionId);
          asyncGroups.push({ meetId: e.sessionId, at: e.at, members: m });
          break;
        }
        const s = session(e.sessionId, e.at);
        const g: GroupHistory = {
          sessionId: e.sessionId,
          round: e.round,
          groupId: e.groupId,
          at: e.at,
          members: m,
          topics: e.topics,
          ...(e.known ? { known: e.known } : {}),
          failed: false,
          outcome: "unfinished",
          pairs,
          repeatPairs: repeats,
        };
        let rounds = groups.get(e.sessionId);
        if (!rounds) {
          rounds = new Map();
          groups.set(e.sessionId, rounds);
        }
        let inRound = rounds.get(e.round);
        if (!inRound) {
          inRound = new Map();
          rounds.set(e.round, inRound);
        }
        inRound.set(e.groupId, g);
        s.groups.push(g);
        s.rounds.add(e.round);
        break;
      }
      case "space-failed": {
        if (skip?.has(e.sessionId) || asyncMeets.has(e.sessionId)) break;
        const g = groupOf(e.sessionId, e.round, e.groupId);
        if (g) g.failed = true;
        break;
      }
      case "messages-counted": {
        if (skip?.has(e.sessionId) || asyncMeets.has(e.sessionId)) break;
        const g = groupOf(e.sessionId, e.round, e.groupId);
        if (g) g.counts = e.counts;
        break;
      }
      case "voice-counted": {
        if (skip?.has(e.sessionId)) break;
        const g = groupOf(e.sessionId, e.round, e.groupId);
        if (g) g.voiceSeconds = e.togetherSeconds;
        break;
      }
      case "feedback": {
        if (skip?.has(e.sessionId) || asyncMeets.has(e.sessionId)) break;
        const g = groupOf(e.sessionId, e.round, e.groupId);
        if (!g) break;
        if (!g.feedback) g.feedback = [{ userId: e.userId, rating: e.rating }];
        else if (!hasUser(g.feedback, e.userId)) g.feedback.push({ userId: e.userId, rating: e.rating });
        break;
      }
      case "stay-in-touch": {
        if (skip?.has(e.sessionId) || asyncMeets.has(e.sessionId)) break;
        const g = groupOf(e.sessionId, e.round, e.groupId);
        if (!g) break;
        const same = g.stay ? answerOf(g.stay, e.userId, e.partnerId) : undefined;
        if (same) same.yes = e.answer;
        else {
          g.stay ??= [];
          g.stay.push({ userId: e.userId, partnerId: e.partnerId, yes: e.answer });
        }
        break;
      }
      case "connection": {
        if (skip?.has(e.sessionId) || asyncMeets.has(e.sessionId)) break;
        const [a, b] = e.members;
        session(e.sessionId, e.at).connections.set(pairKey(a, b), a < b ? [a, b] : [b, a]);
        break;
      }
      case "session-ended": {
        const s = session(e.sessionId, e.at);
        s.endedAt = e.at;
        s.endReason = e.reason;
        break;
      }
      case "member-forgotten":
        aliases.add(e.alias);
        break;
      case "async-meet-started":
        meetChannels.set(e.meetId, e.channelId);
        break;
      // "left" and "round-ended" change no figure: leavers stay participants, rounds are known from their groups.
      default:
        break;
    }
  }
  for (const s of sessions.values()) for (const g of s.groups) g.outcome = groupOutcome(g);
  for (const g of asyncGroups) {
    const channelId = meetChannels.get(g.meetId);
    if (channelId !== undefined) g.channelId = channelId;
  }
  return { sessions, aliases, ordinals, asyncGroups };
}

// Plain loops: these run for most records of a large stream, where closures and iterators show in the profile.
function hasUser(list: readonly { userId: string }[], userId: string): boolean {
  for (let i = 0; i < list.length; i++) if (list[i]?.userId === userId) return true;
  return false;
}

function answerOf(list: NonNullable<GroupHistory["stay"]>, userId: string, partnerId: string) {
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    if (a && a.userId === userId && a.partnerId === partnerId) return a;
  }
  return undefined;
}

/**
 * Outcome of a group: a real conversation needs at least two members who wrote, or (voice rooms) two who were in the
 * room together long enough (`conversationHappened`).
 */
export function groupOutcome(g: Pick<GroupHistory, "failed" | "counts" | "voiceSeconds">): GroupOutcome {
  if (g.failed) return "failed";
  if (!g.counts) return "unfinished";
  return conversationHappened(g.counts, g.voiceSeconds) ? "conversation" : "no-show";
}
