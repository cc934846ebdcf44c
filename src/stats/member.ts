import type { EventRecord } from "../domain/types.ts";
import { indexHistory, isAnonymous } from "./history.ts";
import type { GroupOutcome } from "./types.ts";

/** How many sessions `/quickmeet me` lists as recent history. */
export const HISTORY_SESSIONS = 5;

/** One group of a member's history, as they may see it. */
export interface MemberGroupLine {
  round: number;
  /** Partners by id; members who used forget-me are left out and counted in `formerPartners`. */
  partners: string[];
  formerPartners: number;
  outcome: GroupOutcome;
  /** Messages this member wrote there (a count, never text); absent while unfinished or when the space failed. */
  messages?: number;
}

/** One session of a member's history. */
export interface MemberSessionLine {
  sessionId: string;
  channelId: string;
  startedAt: number;
  groups: MemberGroupLine[];
  /** People this member made a mutual connection with in this session (named ones only). */
  connections: string[];
}

/** A member's own view of their Quick Meets. */
export interface MemberOverview {
  sessions: number;
  groups: number;
  conversations: number;
  messages: number;
  /** Distinct partners, including any who later used forget-me. */
  metCount: number;
  /** Distinct partners who can still be named, most recent first. */
  met: string[];
  /** Mutual connections who can still be named, most recent first. */
  connections: string[];
  connectionCount: number;
  /** Most recent sessions first, at most `HISTORY_SESSIONS`. */
  recent: MemberSessionLine[];
}

/**
 * A member's history computed from the community's event stream: people met, conversations that happened,
 * connections, and the last few sessions. Partners removed by forget-me are counted but never shown.
 */
export function memberOverview(events: readonly EventRecord[], userId: string): MemberOverview {
  const history = indexHistory(events.filter((e) => concerns(e, userId)));
  // A lobby that ended with nobody grouped was cancelled: it is no session of anyone's (as in the organizer's stats).
  const held = new Set<string>();
  for (const e of events) if (e.type === "grouped" && !e.async) held.add(e.sessionId);
  const hidden = (id: string) => isAnonymous(history, id);
  const lines: MemberSessionLine[] = [];
  const metOrder: string[] = [];
  const connOrder: string[] = [];
  let groups = 0;
  let conversations = 0;
  let messages = 0;
  for (const s of history.sessions.values()) {
    const mine = s.groups.filter((g) => g.members.includes(userId));
    const connections = [...s.connections.values()].flatMap(([a, b]) => (a === userId ? [b] : b === userId ? [a] : []));
    if (mine.length === 0 && !s.joined.has(userId) && connections.length === 0) continue;
    if (!held.has(s.id) && s.endedAt !== undefined) continue;
    const line: MemberSessionLine = {
      sessionId: s.id,
      channelId: s.channelId,
      startedAt: s.startedAt,
      groups: [],
      connections: connections.filter((c) => !hidden(c)),
    };
    for (const g of mine) {
      const others = g.members.filter((m) => m !== userId);
      const outcome = g.outcome;
      const written = g.counts?.[userId];
      groups++;
      if (outcome === "conversation") conversations++;
      messages += written ?? 0;
      metOrder.push(...others);
      line.groups.push({
        round: g.round,
        partners: others.filter((m) => !hidden(m)),
        formerPartners: others.filter(hidden).length,
        outcome,
        ...(g.counts ? { messages: written ?? 0 } : {}),
      });
    }
    connOrder.push(...connections);
    lines.push(line);
  }
  const latestFirst = (ids: readonly string[]) => [...new Set([...ids].reverse())];
  const met = latestFirst(metOrder);
  const connected = latestFirst(connOrder);
  return {
    sessions: lines.length,
    groups,
    conversations,
    messages,
    metCount: met.length,
    met: met.filter((m) => !hidden(m)),
    connections: connected.filter((m) => !hidden(m)),
    connectionCount: connected.length,
    recent: lines.sort((a, b) => b.startedAt - a.startedAt).slice(0, HISTORY_SESSIONS),
  };
}

/**
 * Whether a record can change this member's view. Indexing only these keeps `/quickmeet me` fast on a long history:
 * the member's own groups and their counts, plus what every view needs (session starts and ends, forget-me aliases).
 */
function concerns(e: EventRecord, userId: string): boolean {
  switch (e.type) {
    case "session-started":
    case "session-ended":
    case "member-forgotten":
      return true;
    case "joined":
      return e.userId === userId;
    case "grouped":
    case "space-failed":
    case "connection":
      return e.members.includes(userId);
    case "messages-counted":
      return e.counts[userId] !== undefined;
    default:
      return false;
  }
}

const OUTCOME_WORDS: Record<GroupOutcome, string> = {
  conversation: "talked",
  "no-show": "no conversation",
  failed: "space could not open",
  unfinished: "in progress",
};

/** "2025-03-01 in <#C1>: round 1 with <@b> (talked, 12 messages) · connected with <@b>", one line per session. */
export function historyLines(overview: MemberOverview): string[] {
  return overview.recent.map((s) => {
    const rounds = s.groups.map((g) => {
      const who = [
        ...g.partners.map((p) => `<@${p}>`),
        ...(g.formerPartners > 0
          ? [g.formerPartners === 1 ? "a former member" : `${g.formerPartners} former members`]
          : []),
      ];
      const detail =
        g.messages === undefined ? OUTCOME_WORDS[g.outcome] : `${OUTCOME_WORDS[g.outcome]}, you wrote ${g.messages}`;
      return `round ${g.round} with ${who.join(" & ") || "nobody"} (${detail})`;
    });
    const connected =
      s.connections.length > 0 ? ` · connected with ${s.connections.map((c) => `<@${c}>`).join(" ")}` : "";
    const where = s.channelId ? ` in <#${s.channelId}>` : "";
    const body = rounds.length > 0 ? rounds.join("; ") : "joined, not grouped";
    return `${new Date(s.startedAt).toISOString().slice(0, 10)}${where}: ${body}${connected}`;
  });
}
