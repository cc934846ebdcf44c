import type { EventRecord, FeedbackRating } from "../domain/types.ts";
import { type GroupHistory, type History, indexHistory, isAnonymous, type SessionHistory } from "./history.ts";
import { asyncMeets, scheduledRuns } from "./schedule-figures.ts";
import { topicKey, topicWords } from "./topics.ts";
import {
  DORMANT_AFTER_MS,
  type DormantMember,
  type EndReason,
  type MemberFigures,
  type Period,
  type SessionFigures,
  type SessionStatus,
  type StatsQuery,
  type StatsReport,
  type TopicFigures,
  type UnheldSession,
} from "./types.ts";

const DAY = 86_400_000;
const PERIOD_DAYS: Partial<Record<Period, number>> = { "7d": 7, "30d": 30, "90d": 90 };
/** How many topics the report keeps (the reply shows fewer). */
const TOP_TOPICS = 10;

/** When a member first and last appeared within the channel scope. */
interface Timeline {
  /** Their first held session; "" when they only ever joined lobbies that were cancelled. */
  firstSession: string;
  firstSeen?: number;
  lastGrouped?: number;
  lastJoined?: number;
}

const noFeedback = (): Record<FeedbackRating, number> => ({ great: 0, ok: 0, "not-great": 0, report: 0 });

/**
 * Organizer stats for a period and optional channel, computed purely from the community's event stream.
 * Members removed by forget-me are counted in every total but never appear by id (see `MemberFigures.anonymous`).
 */
export function computeStats(events: readonly EventRecord[], query: StatsQuery): StatsReport {
  const history = indexHistory(events, outOfScope(events, query));
  const report = aggregate(history, query);
  const scope = { query, window: report.window };
  const sections = [scheduledRuns(events, scope), asyncMeets(events, scope)].filter((s) => s !== undefined);
  return { ...report, sections };
}

/**
 * Sessions the query leaves out, known from their start records alone, so the index pass can skip their answers and
 * counts (most of a long history when the period is short). Must agree with `periodScope`; a session whose start
 * record is missing is never skipped.
 */
function outOfScope(events: readonly EventRecord[], query: StatsQuery): Set<string> {
  const out = new Set<string>();
  const days = PERIOD_DAYS[query.period];
  const from = days === undefined ? Number.NEGATIVE_INFINITY : query.now - days * DAY;
  if (query.period === "last-session") {
    // The last *held* session: a cancelled lobby after it does not hide it. Unheld sessions are never skipped
    // (they have no answers or counts to skip anyway).
    const held = new Set<string>();
    for (const e of events) if (e.type === "grouped" && !e.async) held.add(e.sessionId);
    let last: { id: string; at: number } | undefined;
    for (const e of events) {
      if (e.type !== "session-started" || !held.has(e.sessionId)) continue;
      const inChannel = query.channelId === undefined || e.channelId === query.channelId;
      if (inChannel && e.at <= query.now && (!last || e.at >= last.at)) {
        if (last) out.add(last.id);
        last = { id: e.sessionId, at: e.at };
      } else out.add(e.sessionId);
    }
    return out;
  }
  for (const e of events) {
    if (e.type !== "session-started") continue;
    const inChannel = query.channelId === undefined || e.channelId === query.channelId;
    if (!inChannel || e.at < from || e.at > query.now) out.add(e.sessionId);
  }
  return out;
}

/** Held when a group was formed; otherwise cancelled once ended, or still in its lobby. */
export function sessionStatus(s: Pick<SessionHistory, "groups" | "endedAt">): SessionStatus {
  if (s.groups.length > 0) return "held";
  return s.endedAt === undefined ? "lobby" : "cancelled";
}

/** Sessions of the channel scope, oldest first. */
function channelSessions(history: History, channelId: string | undefined): SessionHistory[] {
  const all = [...history.sessions.values()].filter((s) => channelId === undefined || s.channelId === channelId);
  return all.sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * Which sessions the period covers, and the window reported with them: `picked` are held sessions, `unheld` the
 * cancelled and open-lobby ones (for `last-session`, those started since the last held session).
 */
function periodScope(sessions: readonly SessionHistory[], query: StatsQuery) {
  const started = sessions.filter((s) => s.startedAt <= query.now);
  const isHeld = (s: SessionHistory) => sessionStatus(s) === "held";
  if (query.period === "last-session") {
    const last = started.filter(isHeld).at(-1);
    const from = last?.startedAt ?? Number.NEGATIVE_INFINITY;
    return {
      window: { from: last?.startedAt ?? query.now, to: query.now },
      picked: last ? [last] : [],
      unheld: started.filter((s) => !isHeld(s) && s.startedAt >= from),
    };
  }
  const days = PERIOD_DAYS[query.period];
  const from = days === undefined ? Math.min(query.now, sessions[0]?.startedAt ?? query.now) : query.now - days * DAY;
  const inWindow = started.filter((s) => s.startedAt >= from);
  return {
    window: { from, to: query.now },
    picked: inWindow.filter(isHeld),
    unheld: inWindow.filter((s) => !isHeld(s)),
  };
}

/** The main figures; the schedules' sections are added by `computeStats`. */
export function aggregate(history: History, query: StatsQuery): Omit<StatsReport, "sections"> {
  const scoped = channelSessions(history, query.channelId);
  const { window, picked, unheld } = periodScope(scoped, query);

  // First held session per member within the channel scope decides "new" vs "returning"; last group decides
  // "dormant". Joining a lobby that was cancelled makes nobody a participant, but it is a sign of life.
  const timelines = new Map<string, Timeline>();
  const timeline = (m: string, s: SessionHistory) => {
    let t = timelines.get(m);
    if (!t) {
      t = sessionStatus(s) === "held" ? { firstSession: s.id, firstSeen: s.startedAt } : { firstSession: "" };
      timelines.set(m, t);
    } else if (t.firstSession === "" && sessionStatus(s) === "held") {
      t.firstSession = s.id;
      t.firstSeen = s.startedAt;
    }
    return t;
  };
  for (const s of scoped) {
    for (const [m, at] of s.joined) {
      const t = timeline(m, s);
      if (t.lastJoined === undefined || at > t.lastJoined) t.lastJoined = at;
    }
    for (const g of s.groups)
      for (const m of g.members) {
        const t = timeline(m, s);
        if (t.lastGrouped === undefined || g.at > t.lastGrouped) t.lastGrouped = g.at;
      }
  }
  // Being paired in a scheduled async meet is being grouped too; it does not make anyone "new" to live sessions.
  for (const g of history.asyncGroups) {
    if (query.channelId !== undefined && g.channelId !== query.channelId) continue;
    for (const m of g.members) {
      const t = timelines.get(m);
      if (t && (t.lastGrouped === undefined || g.at > t.lastGrouped)) t.lastGrouped = g.at;
    }
  }

  const members = new Map<string, MemberFigures>();
  const member = (userId: string): MemberFigures => {
    let m = members.get(userId);
    if (!m) {
      const t = timelines.get(userId);
      const last = t?.lastGrouped;
      m = {
        userId,
        anonymous: isAnonymous(history, userId),
        ordinal: history.ordinals.get(userId) ?? 0,
        sessions: 0,
        groups: 0,
        conversations: 0,
        silentGroups: 0,
        messages: 0,
        feedbackGiven: 0,
        stayYes: 0,
        connections: 0,
        isNew: false,
        firstSeenAt: t?.firstSeen ?? 0,
        ...(last === undefined ? {} : { lastGroupedAt: last }),
      };
      members.set(userId, m);
    }
    return m;
  };

  const topics = new Map<string, TopicTally>();
  const signals: KnownTally = { seen: new Set(), known: new Set() };
  const channelParticipants = new Map<string, Set<string>>();
  const endReasons: Record<EndReason, number> = { completed: 0, "ended-early": 0, "not-enough-members": 0 };
  const perSession = picked.map((s, i) => {
    const { figures, participants } = sessionFigures(s, i + 1, member, timelines, topics, signals);
    if (s.endReason) endReasons[s.endReason]++;
    const ch = channelParticipants.get(s.channelId) ?? new Set<string>();
    for (const m of participants) if (!isAnonymous(history, m)) ch.add(m);
    channelParticipants.set(s.channelId, ch);
    return figures;
  });
  const pickedIds = new Set(picked.map((s) => s.id));

  const sum = (k: keyof SessionFigures) => perSession.reduce((n, s) => n + (s[k] as number), 0);
  const feedback = noFeedback();
  for (const s of perSession) for (const r of Object.keys(feedback) as FeedbackRating[]) feedback[r] += s.feedback[r];
  const perMember = [...members.values()]
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((m) => ({ ...m, isNew: pickedIds.has(timelines.get(m.userId)?.firstSession ?? "") }));
  const counted = perSession.reduce((n, s) => n + s.conversations + s.noShows, 0);
  const messages = sum("messages");
  const pairs = sum("pairs");
  const repeatPairs = sum("repeatPairs");
  const newMembers = perMember.filter((m) => m.isNew).length;

  return {
    query,
    window,
    sessions: perSession.length,
    cancelled: unheld.filter((s) => sessionStatus(s) === "cancelled").length,
    inLobby: unheld.filter((s) => sessionStatus(s) === "lobby").length,
    unheld: unheld.map((s) => ({
      sessionId: s.id,
      channelId: s.channelId,
      status: sessionStatus(s) as UnheldSession["status"],
      startedAt: s.startedAt,
      ...(s.endedAt === undefined ? {} : { endedAt: s.endedAt }),
      joined: s.joined.size,
    })),
    rounds: sum("rounds"),
    endReasons,
    participants: perMember.length,
    ...(signals.seen.size > 0 ? { known: { known: signals.known.size, of: signals.seen.size } } : {}),
    grouped: perMember.filter((m) => m.groups > 0).length,
    newMembers,
    returningMembers: perMember.length - newMembers,
    channels: [...channelParticipants].map(([channelId, set]) => ({ channelId, participants: set.size })),
    groups: sum("groups"),
    conversations: sum("conversations"),
    noShows: sum("noShows"),
    failed: sum("failed"),
    unfinished: sum("unfinished"),
    messages,
    averageMessagesPerGroup: counted === 0 ? null : messages / counted,
    voiceRooms: sum("voiceRooms"),
    voiceSeconds: sum("voiceSeconds"),
    feedback,
    feedbackTotal: Object.values(feedback).reduce((a, b) => a + b, 0),
    stayYes: sum("stayYes"),
    stayNo: sum("stayNo"),
    connections: sum("connections"),
    pairs,
    repeatPairs,
    repeatPairRate: pairs === 0 ? null : repeatPairs / pairs,
    topTopics: [...topics.values()]
      .map(({ spellings, ...t }) => ({ ...t, topic: commonest(spellings) }))
      .sort((a, b) => b.groups - a.groups || b.conversations - a.conversations || a.topic.localeCompare(b.topic))
      .slice(0, TOP_TOPICS),
    dormant: dormantMembers(history, timelines, query.now),
    perSession,
    perMember,
    anonymousParticipants: perMember.filter((m) => m.anonymous).length,
  };
}

/** A topic while it is counted: its spellings, so the reply shows the one intros used most. */
type TopicTally = Omit<TopicFigures, "topic"> & { spellings: Map<string, number> };

/** The most used spelling; ties go to the first seen. */
function commonest(spellings: ReadonlyMap<string, number>): string {
  let best = "";
  let most = 0;
  for (const [words, n] of spellings)
    if (n > most) {
      best = words;
      most = n;
    }
  return best;
}

/** Grouped members whose groups recorded who was known, and which of them were (profile, role or channel). */
interface KnownTally {
  seen: Set<string>;
  known: Set<string>;
}

function sessionFigures(
  s: SessionHistory,
  number: number,
  member: (userId: string) => MemberFigures,
  timelines: ReadonlyMap<string, Timeline>,
  topics: Map<string, TopicTally>,
  signals: KnownTally,
): { figures: SessionFigures; participants: Set<string> } {
  const participants = new Set<string>(s.joined.keys());
  const grouped = new Set<string>();
  const f: SessionFigures = {
    number,
    sessionId: s.id,
    channelId: s.channelId,
    startedAt: s.startedAt,
    ...(s.endedAt === undefined ? {} : { endedAt: s.endedAt }),
    ...(s.endReason === undefined ? {} : { endReason: s.endReason }),
    rounds: s.rounds.size,
    participants: 0,
    grouped: 0,
    newMembers: 0,
    groups: s.groups.length,
    conversations: 0,
    noShows: 0,
    failed: 0,
    unfinished: 0,
    messages: 0,
    voiceRooms: 0,
    voiceSeconds: 0,
    feedback: noFeedback(),
    stayYes: 0,
    stayNo: 0,
    connections: s.connections.size,
    pairs: 0,
    repeatPairs: 0,
  };
  for (const g of s.groups) {
    groupInto(f, g, member);
    for (const m of g.members) {
      participants.add(m);
      grouped.add(m);
    }
    if (g.known) {
      for (const m of g.members) signals.seen.add(m);
      for (const m of g.known) signals.known.add(m);
    }
    const talked = g.outcome === "conversation";
    const seen = new Set<string>();
    for (const recorded of g.topics) {
      const words = topicWords(recorded);
      if (words === undefined) continue;
      const key = topicKey(words);
      if (seen.has(key)) continue; // a topic listed twice (two pairs of a trio share it) counts once per group
      seen.add(key);
      const tf = topics.get(key) ?? { groups: 0, conversations: 0, spellings: new Map<string, number>() };
      tf.groups++;
      if (talked) tf.conversations++;
      tf.spellings.set(words, (tf.spellings.get(words) ?? 0) + 1);
      topics.set(key, tf);
    }
  }
  for (const m of participants) {
    const acc = member(m);
    acc.sessions++;
    if (timelines.get(m)?.firstSession === s.id) f.newMembers++;
  }
  for (const [a, b] of s.connections.values()) {
    member(a).connections++;
    member(b).connections++;
  }
  f.participants = participants.size;
  f.grouped = grouped.size;
  return { figures: f, participants };
}

/** Adds one group's outcome, messages, feedback and answers to its session and its members. */
function groupInto(f: SessionFigures, g: GroupHistory, member: (userId: string) => MemberFigures): void {
  const outcome = g.outcome;
  if (outcome === "conversation") f.conversations++;
  else if (outcome === "no-show") f.noShows++;
  else if (outcome === "failed") f.failed++;
  else f.unfinished++;
  f.pairs += g.pairs;
  f.repeatPairs += g.repeatPairs;
  for (const m of g.members) {
    const acc = member(m);
    acc.groups++;
    if (outcome === "conversation") acc.conversations++;
    if (g.counts) {
      const n = g.counts[m] ?? 0;
      acc.messages += n;
      if (n === 0) acc.silentGroups++;
    }
  }
  if (g.counts) for (const m in g.counts) f.messages += g.counts[m] ?? 0;
  if (g.voiceSeconds !== undefined) {
    f.voiceRooms++;
    f.voiceSeconds += g.voiceSeconds;
  }
  for (const { userId, rating } of g.feedback ?? []) {
    f.feedback[rating]++;
    member(userId).feedbackGiven++;
  }
  for (const [userId, yes] of stayAnswers(g)) {
    if (yes) {
      f.stayYes++;
      member(userId).stayYes++;
    } else f.stayNo++;
  }
}

/**
 * One stay-in-touch answer per member of a group: their latest click. The core records a click once per partner (a
 * trio member's click is two records), but it is one answer about one conversation.
 */
export function stayAnswers(g: Pick<GroupHistory, "stay">): Map<string, boolean> {
  const answers = new Map<string, boolean>();
  for (const { userId, yes } of g.stay ?? []) answers.set(userId, yes);
  return answers;
}

/** Members of the channel scope whose last group (or, never grouped, last join) is older than the threshold. */
function dormantMembers(history: History, timelines: ReadonlyMap<string, Timeline>, now: number): DormantMember[] {
  const cutoff = now - DORMANT_AFTER_MS;
  const out: DormantMember[] = [];
  for (const [userId, t] of timelines) {
    if (isAnonymous(history, userId)) continue;
    const grouped = t.lastGrouped;
    const joined = t.lastJoined;
    const last = grouped ?? joined ?? now;
    if (last >= cutoff) continue;
    out.push({
      userId,
      ...(grouped === undefined ? {} : { lastGroupedAt: grouped }),
      ...(joined === undefined ? {} : { lastJoinedAt: joined }),
    });
  }
  const key = (d: DormantMember) => d.lastGroupedAt ?? d.lastJoinedAt ?? 0;
  return out.sort((a, b) => key(a) - key(b) || a.userId.localeCompare(b.userId));
}
