import fc from "fast-check";
import type { Schedule } from "../../../src/domain/schedule.ts";
import type { EventRecord, FeedbackRating, MemberState, Profile, Session } from "../../../src/domain/types.ts";
import { LOOKING_FOR, SCHEMA_VERSION } from "../../../src/domain/types.ts";

/**
 * Platform-free generators of extreme but legal inputs for the message builders (src/messages, stats, `me`). The
 * Slack and Discord property tests share them and check the rendered payloads against each platform's limit table.
 * "Legal" means a member, an organizer or the engine could produce it; "extreme" means as long, as many and as odd
 * as that allows (and somewhat beyond where the core's own validation might loosen later: 80 interest tags, 600
 * characters per profile field).
 */

/** Pieces text is made of: plain words, emoji (incl. ZWJ sequences and skin tones), right-to-left scripts, markup. */
const PIECES = [
  "a",
  "Zoë",
  "public relations",
  "jazz",
  " ",
  " ",
  "🎉",
  "👩🏽‍💻",
  "🇺🇸",
  "❤️",
  "مرحبا",
  "שלום",
  "\u200f",
  "日本語",
  "*",
  "**",
  "_",
  "~",
  "`",
  "```",
  "<",
  ">",
  "&",
  "&amp;",
  "<@U0EVIL01>",
  "<#C0EVIL01>",
  "<!here>",
  "@everyone",
  "@here",
  "|",
  ":",
  "#",
  "\\",
  "[x](http://e.com)",
] as const;

/** Cuts to at most `max` code points, so no surrogate pair is split (grapheme clusters may be, which is legal). */
export function cutCodePoints(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : points.slice(0, max).join("");
}

/**
 * Free text of `min`–`max` code points made of `PIECES`; `lines` allows line breaks (paragraph inputs). Biased to
 * the maximum length, where limits bite.
 */
export function textArb(min: number, max: number, options: { lines?: boolean } = {}): fc.Arbitrary<string> {
  const piece = options.lines ? fc.oneof(fc.constantFrom(...PIECES), fc.constant("\n")) : fc.constantFrom(...PIECES);
  const filler = fc.constantFrom("x", "é", "ש", "🎉");
  return fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 60 }), fc.boolean(), filler)
    .map(([pieces, full, fill]) => {
      let text = pieces.join("").trim() || "x";
      // Half the cases are padded to exactly `max` code points.
      if (full) while ([...text].length < max) text += fill;
      text = cutCodePoints(text, max).trim();
      while ([...text].length < min) text += fill;
      return text;
    });
}

/** Platform-style ids: Slack's `U…`/`C…` shape, which is also a valid opaque id for Discord's renderer. */
const idArb = (prefix: string) =>
  fc
    .array(fc.constantFrom(..."ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"), { minLength: 8, maxLength: 10 })
    .map((cs) => `${prefix}${cs.join("")}`);
export const userIdArb = idArb("U");
export const channelIdArb = idArb("C");
/** Session ids as lifecycle.ts makes them (6 random bytes, base64url: may contain `-` and `_`). */
export const sessionIdArb = fc
  .array(fc.constantFrom(..."ABCabc019-_xyzXYZ"), { minLength: 8, maxLength: 8 })
  .map((cs) => cs.join(""));
export const groupIdArb = fc.integer({ min: 1, max: 5000 }).map((n) => `g${n}`);
/** Schedule ids as schedule/manage.ts makes them. */
export const scheduleIdArb = fc
  .array(fc.constantFrom(..."abcdefghijkmnpqrstuvwxyz23456789"), { minLength: 6, maxLength: 6 })
  .map((cs) => cs.join(""));

/** Display names of up to 100 characters with emoji, RTL text and markup characters. */
export const displayNameArb = textArb(1, 100);
/** An interest tag as a member types it (the form allows 40 characters per tag). */
export const tagArb = textArb(1, 40);
/** A custom question an organizer adds (`/quickmeet config add_question`: 10–300 characters). */
export const questionArb = textArb(10, 300, { lines: false });

const TIME_ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "America/Argentina/ComodRivadavia"];

/** A profile as a member could fill it, up to 80 interest tags and 600-character fields. */
export function profileArb(
  userId: fc.Arbitrary<string> = userIdArb,
  tags: fc.Arbitrary<string> = tagArb,
): fc.Arbitrary<Profile> {
  // Optional keys are absent rather than undefined (exactOptionalPropertyTypes).
  return fc.record(
    {
      v: fc.constant(SCHEMA_VERSION),
      userId,
      displayName: displayNameArb,
      interests: fc.oneof(fc.array(tags, { maxLength: 80 }), fc.array(tags, { minLength: 80, maxLength: 80 })),
      field: textArb(1, 600),
      city: textArb(1, 600),
      timeZone: fc.constantFrom(...TIME_ZONES),
      lookingFor: fc.subarray([...LOOKING_FOR]),
      funFact: textArb(1, 600, { lines: true }),
      updatedAt: fc.constant(0),
    },
    { requiredKeys: ["v", "userId", "displayName", "interests", "lookingFor", "updatedAt"] },
  );
}

/**
 * A group of 2 or 3 members with distinct ids. Their tags come from one small shared pool, so groups usually share
 * interests (long common-ground lines), with some members lacking a profile altogether.
 */
export const groupArb: fc.Arbitrary<Array<{ userId: string; profile: Profile | undefined }>> = fc
  .tuple(fc.uniqueArray(userIdArb, { minLength: 2, maxLength: 3 }), fc.array(tagArb, { minLength: 1, maxLength: 90 }))
  .chain(([ids, pool]) =>
    fc
      .tuple(
        ...ids.map((id) =>
          fc.option(profileArb(fc.constant(id), fc.constantFrom(...pool)), { nil: undefined, freq: 6 }),
        ),
      )
      .map((profiles) => ids.map((userId, i) => ({ userId, profile: profiles[i] }))),
  );

/** Session options within `LIMITS` (src/config.ts). */
export const sessionOptionsArb = fc.record({
  rounds: fc.integer({ min: 1, max: 20 }),
  minutesPerRound: fc.integer({ min: 2, max: 60 }),
  lobbyMinutes: fc.integer({ min: 1, max: 60 }),
  groupSize: fc.constantFrom(2 as const, 3 as const),
  breakSeconds: fc.integer({ min: 0, max: 600 }),
});

/** A session in any phase, with up to 2,000 participants. */
export const sessionArb: fc.Arbitrary<Session> = fc
  .record({
    id: sessionIdArb,
    organizerId: userIdArb,
    options: sessionOptionsArb,
    status: fc.constantFrom("lobby" as const, "round" as const, "break" as const, "ended" as const),
    participants: fc.integer({ min: 0, max: 2000 }),
    round: fc.integer({ min: 0, max: 20 }),
    channelId: channelIdArb,
  })
  .map((s) => {
    const people = Array.from({ length: s.participants }, (_, i) => `U${String(i).padStart(9, "0")}`);
    return {
      v: SCHEMA_VERSION,
      id: s.id,
      platform: "slack",
      communityId: "T0COMMUNITY",
      channelId: s.channelId,
      organizerId: s.organizerId,
      options: s.options,
      status: s.status,
      createdAt: 0,
      lobbyEndsAt: 120_000,
      participants: people,
      everJoined: people,
      names: {},
      currentRound: Math.min(s.round, s.options.rounds),
      nextAt: 400_000,
      seed: s.id,
    } satisfies Session;
  });

/** A schedule an organizer could create (friendly labels can be long: a cron expression read back). */
export const scheduleArb: fc.Arbitrary<Schedule> = fc
  .record({
    id: scheduleIdArb,
    channelId: channelIdArb,
    label: textArb(5, 120),
    kind: fc.constantFrom("async" as const, "live" as const),
    days: fc.integer({ min: 1, max: 30 }),
    headsUpHours: fc.option(fc.integer({ min: 1, max: 72 }), { nil: undefined }),
    inactiveAfter: fc.integer({ min: 1, max: 10 }),
    status: fc.constantFrom("active" as const, "paused" as const),
  })
  .map((s) => {
    const schedule: Schedule = {
      v: SCHEMA_VERSION,
      id: s.id,
      platform: "slack",
      communityId: "T0COMMUNITY",
      channelId: s.channelId,
      createdBy: "U0ORGANIZER",
      createdByName: "Organizer",
      createdAt: 0,
      label: s.label,
      cron: "0 10 * * 1",
      timeZone: "America/Argentina/ComodRivadavia",
      kind: s.kind,
      session: {},
      days: s.days,
      groupSize: 2,
      inactiveAfter: s.inactiveAfter,
      status: s.status,
    };
    if (s.headsUpHours !== undefined) schedule.headsUpHours = s.headsUpHours;
    return schedule;
  });

const DAY = 86_400_000;
const RATINGS: readonly FeedbackRating[] = ["great", "ok", "not-great", "report"];

/**
 * An event history over `channels` channels (biased to 60, where the Participation field used to overflow), one or
 * more sessions each, pairs that talked or not, feedback, connections and topics from generated tags. `now` may be
 * long after the last session, so members show up as "not grouped for a long time".
 */
export const statsHistoryArb: fc.Arbitrary<{ events: EventRecord[]; now: number; channels: string[] }> = fc
  .record({
    channels: fc.oneof(fc.constant(60), fc.integer({ min: 1, max: 80 })),
    members: fc.integer({ min: 2, max: 150 }),
    sessionsPerChannel: fc.integer({ min: 1, max: 3 }),
    topics: fc.array(tagArb, { minLength: 1, maxLength: 20 }),
    idleDays: fc.integer({ min: 0, max: 90 }),
    seed: fc.integer(),
  })
  .map((h) => {
    let x = h.seed >>> 0;
    const rand = (n: number) => {
      x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
      return x % n;
    };
    const members = Array.from({ length: h.members }, (_, i) => `U${String(i).padStart(9, "0")}`);
    const channels = Array.from({ length: h.channels }, (_, i) => `C${String(i).padStart(9, "0")}`);
    const events: EventRecord[] = [];
    let at = Date.UTC(2025, 0, 1);
    const options = { rounds: 1, minutesPerRound: 5, lobbyMinutes: 2, groupSize: 2 as const, breakSeconds: 30 };
    channels.forEach((channelId, c) => {
      for (let s = 0; s < h.sessionsPerChannel; s++) {
        const sessionId = `s${c}-${s}`;
        at += 3_600_000;
        events.push({ type: "session-started", at, sessionId, channelId, organizerId: "U0ORGANIZER", options });
        const joined = members.filter(() => rand(3) > 0);
        for (const userId of joined) events.push({ type: "joined", at: at + 1, sessionId, userId });
        for (let g = 0; g + 1 < joined.length; g += 2) {
          const pair: [string, string] = [joined[g] ?? "", joined[g + 1] ?? ""];
          const groupId = `g${g}`;
          const topics = h.topics.filter(() => rand(2) === 0);
          events.push({ type: "grouped", at: at + 2, sessionId, round: 1, groupId, members: pair, topics, score: 1 });
          const counts = { [pair[0]]: rand(4), [pair[1]]: rand(4) };
          events.push({ type: "messages-counted", at: at + 3, sessionId, round: 1, groupId, counts });
          const rating = RATINGS[rand(RATINGS.length)] ?? "ok";
          events.push({ type: "feedback", at: at + 4, sessionId, round: 1, groupId, userId: pair[0], rating });
          if (rand(3) === 0) events.push({ type: "connection", at: at + 5, sessionId, members: pair });
        }
        events.push({ type: "session-ended", at: at + 10, sessionId, reason: "completed" });
      }
    });
    return { events, now: at + h.idleDays * DAY, channels };
  });

/**
 * What `/quickmeet me` reads for one member: a profile (or none), a member state with up to 60 blocked members,
 * and a history of up to 40 sessions in as many channels with trios, former members and connections.
 */
export interface MeInputs {
  userId: string;
  profile: Profile | undefined;
  state: MemberState;
  events: EventRecord[];
  now: number;
}
export const meInputsArb: fc.Arbitrary<MeInputs> = fc
  .record({
    profile: fc.option(profileArb(fc.constant("U0ME000000")), { nil: undefined, freq: 5 }),
    blocked: fc.integer({ min: 0, max: 60 }),
    paused: fc.boolean(),
    sessions: fc.oneof(fc.constant(40), fc.integer({ min: 0, max: 40 })),
    roundsPerSession: fc.integer({ min: 1, max: 20 }),
  })
  .map((m) => {
    const userId = "U0ME000000";
    const events: EventRecord[] = [];
    let at = Date.UTC(2025, 0, 1);
    let partner = 0;
    const next = () => `U${String(partner++).padStart(9, "0")}`;
    const options = {
      rounds: m.roundsPerSession,
      minutesPerRound: 5,
      lobbyMinutes: 2,
      groupSize: 3 as const,
      breakSeconds: 0,
    };
    for (let s = 0; s < m.sessions; s++) {
      const sessionId = `s${s}`;
      at += DAY;
      events.push({
        type: "session-started",
        at,
        sessionId,
        channelId: `C${String(s).padStart(9, "0")}`,
        organizerId: "U0ORGANIZER",
        options,
      });
      events.push({ type: "joined", at: at + 1, sessionId, userId });
      for (let r = 1; r <= m.roundsPerSession; r++) {
        const members = [userId, next(), next()];
        const groupId = `g${r}`;
        events.push({ type: "grouped", at: at + r, sessionId, round: r, groupId, members, topics: [], score: 0 });
        events.push({
          type: "messages-counted",
          at: at + r + 1,
          sessionId,
          round: r,
          groupId,
          counts: { [userId]: 3, [members[1] ?? ""]: 2 },
        });
        events.push({ type: "connection", at: at + r + 2, sessionId, members: [userId, members[1] ?? ""] });
      }
    }
    const state: MemberState = {
      v: SCHEMA_VERSION,
      userId,
      blocked: Array.from({ length: m.blocked }, (_, i) => `U${String(i).padStart(9, "9")}`),
      askedQuestions: [],
      optedOut: false,
    };
    if (m.paused) state.pausedUntil = at + 365 * DAY;
    return { userId, profile: m.profile, state, events, now: at + DAY };
  });
