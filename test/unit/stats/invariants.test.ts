import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventRecord, FeedbackRating } from "../../../src/domain/types.ts";
import { anonymiseEvent } from "../../../src/forget/forget.ts";
import { chartPoints, chartSvg } from "../../../src/stats/chart.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { membersCsv, sessionsCsv } from "../../../src/stats/csv.ts";
import { participationLines, statsMessage } from "../../../src/stats/format.ts";
import type { StatsReport } from "../../../src/stats/types.ts";

/**
 * Histories written the way the core writes them (src/session, src/forget/forget.ts): sessions cancelled in the
 * lobby or held over rounds of pairs and trios, spaces that fail, silent members, feedback with second clicks,
 * stay-in-touch clicks recorded once per partner and changed minds, connections made once per pair, leavers,
 * forget-me (the history rewritten to an alias) followed by the same person joining again, people leaving the
 * channel. Every figure the organizer sees must then agree with every other.
 */
type Op =
  | {
      kind: "session";
      channel: number;
      joiners: number[];
      cancel: boolean;
      rounds: number;
      trios: boolean;
      open: boolean;
      seed: number;
    }
  | { kind: "forget"; who: number }
  | { kind: "leave-channel"; who: number }
  | { kind: "arrive" };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("session" as const),
      channel: fc.integer({ min: 0, max: 1 }),
      joiners: fc.array(fc.nat(40), { maxLength: 9 }),
      cancel: fc.boolean(),
      rounds: fc.integer({ min: 1, max: 3 }),
      trios: fc.boolean(),
      open: fc.boolean(),
      seed: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("forget" as const), who: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave-channel" as const), who: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("arrive" as const) }) },
);

const TOPICS = ["hiking", "Podcasts", "podcast", "America/New_York", "hiring-job", "mentor-mentee", "Rochester"];
const RATINGS: FeedbackRating[] = ["great", "ok", "not-great", "report"];
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 1);

/** A small seeded generator (mulberry32), so one `seed` decides a whole session's details and shrinks as one. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, chance: (p: number) => next() < p, int: (n: number) => Math.floor(next() * n) };
}

/** Splits members into pairs (an odd one out joins the last pair) or trios (a leftover makes pairs). */
function groupsOf(members: readonly string[], trios: boolean): string[][] {
  const out: string[][] = [];
  const size = trios && members.length % 3 !== 1 ? 3 : 2;
  for (let i = 0; i < members.length; i += size) out.push(members.slice(i, i + size));
  const last = out.at(-1);
  if (last && last.length === 1) {
    out.pop();
    out.at(-1)?.push(last[0] as string);
  }
  return out;
}

interface Simulated {
  events: EventRecord[];
  /** Who can see each channel now (both channels: the whole roster). */
  roster: Set<string>;
  now: number;
}

function simulate(ops: readonly Op[]): Simulated {
  let events: EventRecord[] = [];
  const roster = new Set(Array.from({ length: 8 }, (_, i) => `u${i}`));
  let people = roster.size;
  const connected = new Set<string>();
  let at = START;
  let n = 0;
  const rec = (e: EventRecord) => events.push(e);
  for (const o of ops) {
    at += HOUR;
    const members = [...roster];
    if (o.kind === "arrive") roster.add(`u${people++}`);
    else if (o.kind === "leave-channel" && members.length > 0) roster.delete(members[o.who % members.length] as string);
    else if (o.kind === "forget" && members.length > 0) {
      const who = members[o.who % members.length] as string;
      const alias = `forgotten-${++n}`;
      events = events.map((e) => anonymiseEvent(e, who, alias));
      rec({ type: "member-forgotten", at, alias });
      // They stay in the channel and may join again under their own id.
    } else if (o.kind === "session") {
      const r = rng(o.seed);
      const sessionId = `s${++n}`;
      const channelId = `C${o.channel}`;
      rec({
        type: "session-started",
        at,
        sessionId,
        channelId,
        organizerId: "org",
        options: {
          rounds: o.rounds,
          minutesPerRound: 5,
          lobbyMinutes: 1,
          groupSize: o.trios ? 3 : 2,
          breakSeconds: 30,
        },
      });
      const joined = [...new Set(o.joiners.filter(() => members.length > 0).map((j) => members[j % members.length]))];
      for (const userId of joined) if (userId) rec({ type: "joined", at: at + 1, sessionId, userId });
      let present = joined.filter((m): m is string => m !== undefined);
      if (o.cancel || present.length < 2) {
        if (o.open && !o.cancel) continue; // a lobby still open
        rec({ type: "session-ended", at: at + 2, sessionId, reason: o.cancel ? "ended-early" : "not-enough-members" });
        continue;
      }
      let ended = false;
      for (let round = 1; round <= o.rounds; round++) {
        const t = at + round * 600_000;
        const shuffled = [...present].sort(() => r.next() - 0.5);
        const groups = groupsOf(shuffled, o.trios);
        groups.forEach((g, i) => {
          const groupId = `g${i + 1}`;
          const topics = TOPICS.filter(() => r.chance(0.3));
          rec({ type: "grouped", at: t, sessionId, round, groupId, members: g, topics, score: topics.length });
          const unfinished = round === o.rounds && o.open;
          if (unfinished) return;
          if (r.chance(0.1)) {
            rec({ type: "space-failed", at: t, sessionId, round, groupId, members: g, reason: "cap" });
            return;
          }
          rec({
            type: "messages-counted",
            at: t + 1,
            sessionId,
            round,
            groupId,
            counts: Object.fromEntries(g.map((m) => [m, r.int(4)])),
          });
          const latest = new Map<string, boolean>();
          for (const userId of g) {
            if (r.chance(0.5)) {
              const clicks = r.chance(0.2) ? 2 : 1;
              for (let c = 0; c < clicks; c++)
                rec({ type: "feedback", at: t + 2, sessionId, round, groupId, userId, rating: RATINGS[r.int(4)]! });
            }
          }
          // Stay-in-touch: one click per member (sometimes a second, changing their mind), one record per partner.
          const clickers = g.filter(() => r.chance(0.7));
          const clicks = clickers.flatMap((u) => (r.chance(0.2) ? [u, u] : [u]));
          for (const userId of clicks) {
            const yes = latest.has(userId) ? !latest.get(userId) : r.chance(0.6);
            latest.set(userId, yes);
            for (const partnerId of g.filter((m) => m !== userId)) {
              rec({ type: "stay-in-touch", at: t + 3, sessionId, round, groupId, userId, partnerId, answer: yes });
              const key = [userId, partnerId].sort().join("+");
              if (yes && latest.get(partnerId) === true && !connected.has(key)) {
                connected.add(key);
                rec({
                  type: "connection",
                  at: t + 3,
                  sessionId,
                  members: [userId, partnerId].sort() as [string, string],
                });
              }
            }
          }
        });
        if (round === o.rounds && o.open) {
          ended = true; // still running: its last round is unfinished and it has no end record
          break;
        }
        rec({ type: "round-ended", at: t + 4, sessionId, round });
        if (r.chance(0.25) && present.length > 0) {
          const leaver = present[r.int(present.length)] as string;
          rec({ type: "left", at: t + 5, sessionId, userId: leaver });
          present = present.filter((m) => m !== leaver);
        }
        if (present.length < 2 && round < o.rounds) {
          rec({ type: "session-ended", at: t + 6, sessionId, reason: "not-enough-members" });
          ended = true;
          break;
        }
      }
      if (!ended) rec({ type: "session-ended", at: at + 5 * HOUR, sessionId, reason: "completed" });
    }
  }
  return { events, roster, now: at + 10 * HOUR };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Independent counts from the raw records, for the invariants that relate a figure to what really happened. */
function recount(all: readonly EventRecord[], channelId?: string) {
  const inChannel = new Set(
    all.flatMap((e) =>
      e.type === "session-started" && (channelId === undefined || e.channelId === channelId) ? [e.sessionId] : [],
    ),
  );
  const events = all.filter((e) => !("sessionId" in e) || inChannel.has(e.sessionId));
  const groupsBySession = new Map<string, number>();
  const sessions: string[] = [];
  const joinedOrGrouped = new Map<string, Set<string>>(); // member → sessions
  const yesBy = new Map<string, Set<string>>(); // session/round/group → members who ever said yes
  const groupMembers = new Map<string, string[]>();
  for (const e of events) {
    if (e.type === "session-started") sessions.push(e.sessionId);
    if (e.type === "grouped") {
      groupsBySession.set(e.sessionId, (groupsBySession.get(e.sessionId) ?? 0) + 1);
      groupMembers.set(`${e.sessionId}/${e.round}/${e.groupId}`, e.members);
    }
    if (e.type === "joined" || e.type === "grouped")
      for (const m of e.type === "joined" ? [e.userId] : e.members) {
        const set = joinedOrGrouped.get(m) ?? new Set<string>();
        set.add(e.sessionId);
        joinedOrGrouped.set(m, set);
      }
    if (e.type === "stay-in-touch" && e.answer) {
      const k = `${e.sessionId}/${e.round}/${e.groupId}`;
      yesBy.set(k, (yesBy.get(k) ?? new Set()).add(e.userId));
    }
  }
  let mutualYesPairs = 0;
  for (const [k, yes] of yesBy) {
    const g = groupMembers.get(k) ?? [];
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++) if (yes.has(g[i]!) && yes.has(g[j]!)) mutualYesPairs++;
  }
  const held = new Set(sessions.filter((s) => (groupsBySession.get(s) ?? 0) > 0));
  return { sessions, held, joinedOrGrouped, mutualYesPairs };
}

function checkInvariants(sim: Simulated, r: StatsReport): void {
  const { held, sessions, joinedOrGrouped, mutualYesPairs } = recount(sim.events, r.query.channelId);
  const s = r.perSession;
  const groupSizes = sum(s.map((x) => x.pairs)); // pairs, to bound by below
  const whole = r.query.period === "all";
  // Sessions: held + cancelled + open lobbies = every session started; only held ones have figures.
  if (whole) {
    expect(r.sessions + r.cancelled + r.inLobby).toBe(sessions.length);
    expect(r.sessions).toBe(held.size);
  } else expect(r.sessions).toBeLessThanOrEqual(1); // last-session: the last held one
  expect(s.map((x) => x.number)).toEqual(s.map((_, i) => i + 1));
  for (const x of s) {
    expect(x.groups).toBeGreaterThan(0);
    expect(x.rounds).toBeGreaterThan(0);
    // Groups: every group is exactly one of talked, no-show, failed, unfinished.
    expect(x.conversations + x.noShows + x.failed + x.unfinished).toBe(x.groups);
    expect(x.grouped).toBeLessThanOrEqual(x.participants);
    expect(x.pairs).toBeGreaterThanOrEqual(x.groups);
    expect(x.repeatPairs).toBeLessThanOrEqual(x.pairs);
    expect(x.stayYes + x.stayNo).toBeLessThanOrEqual(x.participants * x.rounds);
  }
  expect(r.conversations + r.noShows + r.failed + r.unfinished).toBe(r.groups);
  expect(sum(Object.values(r.endReasons))).toBeLessThanOrEqual(r.sessions);
  // Participants: unique ≤ the sum over sessions; new + returning = unique; each new member is new in one session.
  expect(r.participants).toBeLessThanOrEqual(sum(s.map((x) => x.participants)));
  expect(r.grouped).toBeLessThanOrEqual(r.participants);
  expect(r.newMembers + r.returningMembers).toBe(r.participants);
  expect(sum(s.map((x) => x.newMembers))).toBe(r.newMembers);
  expect(r.anonymousParticipants).toBeLessThanOrEqual(r.participants);
  for (const c of r.channels) expect(c.participants).toBeLessThanOrEqual(r.participants - 0);
  // Members: session counts are held sessions only, and add up to the per-session participants.
  expect(sum(r.perMember.map((m) => m.sessions))).toBe(sum(s.map((x) => x.participants)));
  for (const m of r.perMember) {
    const theirs = [...(joinedOrGrouped.get(m.userId) ?? [])].filter((id) => held.has(id));
    if (whole) expect(m.sessions).toBe(theirs.length);
    expect(m.sessions).toBeLessThanOrEqual(r.sessions);
    expect(m.conversations).toBeLessThanOrEqual(m.groups);
    expect(m.silentGroups).toBeLessThanOrEqual(m.groups);
    expect(m.stayYes).toBeLessThanOrEqual(m.groups);
    expect(m.feedbackGiven).toBeLessThanOrEqual(m.groups);
  }
  const memberGroups = sum(r.perMember.map((m) => m.groups));
  // Answers: at most one feedback and one stay-in-touch answer per member per group.
  expect(r.feedbackTotal).toBeLessThanOrEqual(memberGroups);
  expect(r.stayYes + r.stayNo).toBeLessThanOrEqual(memberGroups);
  expect(sum(r.perMember.map((m) => m.stayYes))).toBe(r.stayYes);
  // Connections: pairs, each needing two yes answers in one group; each member of one counts it once.
  expect(r.connections).toBeLessThanOrEqual(mutualYesPairs);
  expect(r.connections).toBeLessThanOrEqual(groupSizes);
  expect(sum(r.perMember.map((m) => m.connections))).toBe(2 * r.connections);
  expect(r.repeatPairs).toBeLessThanOrEqual(r.pairs);
  if (r.averageMessagesPerGroup !== null)
    expect(r.averageMessagesPerGroup * (r.conversations + r.noShows)).toBeCloseTo(r.messages);
  // Topics: words, never a time zone or an internal key; talked ≤ groups.
  for (const t of r.topTopics) {
    expect(t.topic).not.toMatch(/\/|^hiring-job$|^mentor-mentee$/);
    expect(t.conversations).toBeLessThanOrEqual(t.groups);
  }
  // Participation as shown: never above 100%, whatever forget-me and people leaving the channel did.
  const sizes = new Map(r.channels.map((c) => [c.channelId, sim.roster.size]));
  for (const m of participationLines(r, sizes).matchAll(/\((\d+)%\)/g)) expect(Number(m[1])).toBeLessThanOrEqual(100);
  // The chart: one bar per held session, each labelled distinctly.
  const { points, unit } = chartPoints(s);
  if (unit === "session") {
    expect(points).toHaveLength(r.sessions);
    expect(new Set(points.map((p) => p.label)).size).toBe(points.length);
  }
  // CSV: one row per session started, held or not; a reply for every report.
  expect(sessionsCsv(r).trim().split("\r\n")).toHaveLength(1 + r.sessions + r.unheld.length);
  expect(membersCsv(r).trim().split("\r\n")).toHaveLength(1 + r.perMember.filter((m) => !m.anonymous).length);
  expect(statsMessage(r, sizes, []).text).not.toContain("forgotten-");
  expect(chartSvg(points, { title: "t", subtitle: "s" })).toContain("</svg>");
}

describe("stats invariants over generated histories", () => {
  it("hold for every figure, whatever happened", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 14 }), (ops) => {
        const sim = simulate(ops);
        checkInvariants(sim, computeStats(sim.events, { period: "all", now: sim.now }));
        for (const channelId of ["C0", "C1"])
          checkInvariants(sim, computeStats(sim.events, { period: "all", now: sim.now, channelId }));
        checkInvariants(sim, computeStats(sim.events, { period: "last-session", now: sim.now }));
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it("include a forget-me then joining again, which once showed 108% participation", () => {
    const ops: Op[] = [
      {
        kind: "session",
        channel: 0,
        joiners: [0, 1, 2, 3],
        cancel: false,
        rounds: 1,
        trios: false,
        open: false,
        seed: 1,
      },
      { kind: "forget", who: 0 },
      {
        kind: "session",
        channel: 0,
        joiners: [0, 1, 2, 3],
        cancel: false,
        rounds: 1,
        trios: false,
        open: false,
        seed: 2,
      },
    ];
    const sim = simulate(ops);
    const r = computeStats(sim.events, { period: "all", now: sim.now });
    // u0's alias and u0 again: two ids for one person among the unique participants, one in the channel's rate.
    expect(r.participants).toBe(5);
    expect(r.channels).toEqual([{ channelId: "C0", participants: 4 }]);
    expect(participationLines(r, new Map([["C0", 4]]))).toBe("<#C0>: 4 of 4 members (100%)");
    checkInvariants(sim, r);
  });
});
