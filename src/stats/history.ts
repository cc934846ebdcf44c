import type { EventRecord, FeedbackRating } from "../domain/types.ts";
import type { EndReason, GroupOutcome } from "./types.ts";

/** Prefix of the alias forget-me writes over a member's id (src/community/forget.ts). */
export const FORGOTTEN_PREFIX = "forgotten-";

/** One group as its records tell it: who, on what common ground, how many messages, what feedback. */
export interface GroupHistory {
  sessionId: string;
  round: number;
  groupId: string;
  at: number;
  members: readonly string[];
  topics: readonly string[];
  /** Messages per member, once the round closed the group; absent before. */
  counts?: Readonly<Record<string, number>>;
  failed: boolean;
  /** First rating per member (later clicks are ignored by the core too). */
  feedback: Map<string, FeedbackRating>;
  /** Latest answer per "member\0partner" (a member may change their mind). */
  stay: Map<string, boolean>;
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
}

/** A member id that must never be shown: a forget-me alias. */
export function isAnonymous(history: Pick<History, "aliases">, userId: string): boolean {
  return userId.startsWith(FORGOTTEN_PREFIX) || history.aliases.has(userId);
}

const groupKey = (sessionId: string, round: number, groupId: string) => `${sessionId}\u0000${round}\u0000${groupId}`;
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * Folds the append-only event stream into sessions and groups in one pass (linear in the number of records: the
 * 100,000-group benchmark depends on it). Records that reference a session whose start is missing get a placeholder,
 * so a damaged stream still yields figures rather than an error.
 */
export function indexHistory(events: readonly EventRecord[]): History {
  const sessions = new Map<string, SessionHistory>();
  const groups = new Map<string, GroupHistory>();
  const aliases = new Set<string>();
  const ordinals = new Map<string, number>();
  const metPairs = new Set<string>();

  const see = (userId: string) => {
    if (!ordinals.has(userId)) ordinals.set(userId, ordinals.size + 1);
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
        const s = session(e.sessionId, e.at);
        let repeats = 0;
        let pairs = 0;
        const m = e.members;
        for (let i = 0; i < m.length; i++) {
          see(m[i] as string);
          for (let j = i + 1; j < m.length; j++) {
            const k = pairKey(m[i] as string, m[j] as string);
            pairs++;
            if (metPairs.has(k)) repeats++;
            else metPairs.add(k);
          }
        }
        const g: GroupHistory = {
          sessionId: e.sessionId,
          round: e.round,
          groupId: e.groupId,
          at: e.at,
          members: m,
          topics: e.topics,
          failed: false,
          feedback: new Map(),
          stay: new Map(),
          pairs,
          repeatPairs: repeats,
        };
        groups.set(groupKey(e.sessionId, e.round, e.groupId), g);
        s.groups.push(g);
        s.rounds.add(e.round);
        break;
      }
      case "space-failed": {
        const g = groups.get(groupKey(e.sessionId, e.round, e.groupId));
        if (g) g.failed = true;
        break;
      }
      case "messages-counted": {
        const g = groups.get(groupKey(e.sessionId, e.round, e.groupId));
        if (g) g.counts = e.counts;
        break;
      }
      case "feedback": {
        const g = groups.get(groupKey(e.sessionId, e.round, e.groupId));
        if (g && !g.feedback.has(e.userId)) g.feedback.set(e.userId, e.rating);
        break;
      }
      case "stay-in-touch": {
        const g = groups.get(groupKey(e.sessionId, e.round, e.groupId));
        if (g) g.stay.set(`${e.userId}\u0000${e.partnerId}`, e.answer);
        break;
      }
      case "connection": {
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
      // "left" and "round-ended" change no figure: leavers stay participants, rounds are known from their groups.
      default:
        break;
    }
  }
  return { sessions, aliases, ordinals };
}

/** Outcome of a group: a real conversation needs at least two members who wrote. */
export function groupOutcome(g: GroupHistory): GroupOutcome {
  if (g.failed) return "failed";
  if (!g.counts) return "unfinished";
  let writers = 0;
  for (const m in g.counts) if ((g.counts[m] ?? 0) > 0) writers++;
  return writers >= 2 ? "conversation" : "no-show";
}
