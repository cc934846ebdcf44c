import fc from "fast-check";
import { me } from "../../../commands/me.ts";
import { profile } from "../../../commands/profile.ts";
import type { CommandContext } from "../../../src/commands-context.ts";
import { describeCommonGround } from "../../../src/common-ground/describe.ts";
import type { ProfileInput } from "../../../src/common-ground/types.ts";
import { CommunityRepo } from "../../../src/community/repo.ts";
import { DEFAULTS } from "../../../src/config.ts";
import { silentLogger } from "../../../src/logger.ts";
import type { CheckInAnswer } from "../../../src/messages/actions.ts";
import { literal } from "../../../src/messages/markup.ts";
import * as say from "../../../src/messages/schedule-templates.ts";
import { signalsPart } from "../../../src/messages/signals.ts";
import type { FormSpec, RichMessage } from "../../../src/platform/port.ts";
import { buildIntro } from "../../../src/questions/intro.ts";
import { profileSummary } from "../../../src/session/planner.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { statsMessage } from "../../../src/stats/format.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";
import {
  channelIdArb,
  groupArb,
  groupIdArb,
  type MeInputs,
  meInputsArb,
  questionArb,
  scheduleArb,
  scheduleIdArb,
  sessionArb,
  sessionIdArb,
  statsHistoryArb,
  textArb,
  userIdArb,
} from "./generators.ts";

/**
 * One message a builder made from generated inputs, and the text that must reach the member whatever the platform
 * does to fit it (the question of an intro). Buttons are checked from `message.buttons` directly.
 */
export interface Sample {
  builder: string;
  message: RichMessage;
  mustKeep: string[];
}

const sample = (builder: string, message: RichMessage, mustKeep: string[] = []): Sample => ({
  builder,
  message,
  mustKeep,
});

const at = fc.integer({ min: 0, max: 4_102_444_800_000 });
const round = fc.integer({ min: 1, max: 20 });
const ids = fc.uniqueArray(userIdArb, { minLength: 1, maxLength: 3 });
const reason = textArb(1, 200);
const rating = fc.constantFrom("great" as const, "ok" as const, "not-great" as const, "report" as const);

/** An intro as the planner prepares it: summaries, common ground and the question from real profiles. */
const introPartsArb = fc
  .tuple(
    groupArb,
    fc.option(questionArb, { nil: undefined }),
    fc.integer(),
    // Role and channel names (organizers' and platforms' words) some shared interests came from.
    fc.option(fc.tuple(fc.constantFrom("role" as const, "channel" as const), textArb(1, 100)), { nil: undefined }),
  )
  .map(([group, custom, seed, via]) => {
    const inputs: ProfileInput[] = group.map(
      (m) => m.profile ?? { userId: m.userId, displayName: m.userId, interests: [], lookingFor: [] },
    );
    const intro = buildIntro({ members: inputs, seed: String(seed) });
    const names = Object.fromEntries(inputs.map((p) => [p.userId, p.displayName]));
    const items = via
      ? intro.commonGround.map((i) => (i.kind === "interest" ? { ...i, via: { kind: via[0], name: via[1] } } : i))
      : intro.commonGround;
    // As the planner prepares it (src/session/planner.ts prepareIntro): member text escaped with literal().
    const lines = describeCommonGround(items, names);
    const fallback = lines.length === 0;
    return {
      people: group.map((m) => ({ userId: m.userId, summary: literal(profileSummary(m.profile)) })),
      commonGround: lines.map(literal).join("\n"),
      question: literal(custom ?? intro.question),
      fallback,
      ...(fallback ? { unknown: group.some((m) => m.profile === undefined) } : {}),
    };
  });

/** A group's video room as `videoLinkFor` makes it: https, at most 512 characters (Discord's link button limit). */
const videoArb = fc
  .tuple(groupIdArb, fc.stringMatching(/^[a-z0-9-]{1,490}$/))
  .map(([groupId, room]) => ({ groupId, url: `https://meet.example/${room}` }));

/** Every builder of src/messages with generated arguments. `builderNames` lists what it covers. */
export const messageSampleArb: fc.Arbitrary<Sample> = fc.oneof(
  fc.tuple(sessionArb, at).map(([s, now]) => sample("lobbyMessage", say.lobbyMessage(s, now))),
  fc
    .tuple(
      introPartsArb,
      sessionIdArb,
      round,
      round,
      at,
      fc.integer({ min: 2, max: 60 }),
      fc.boolean(),
      fc.option(videoArb, { nil: undefined }),
    )
    .map(([p, sessionId, r, rounds, endsAt, minutes, replacement, video]) =>
      sample(
        "introMessage",
        say.introMessage({
          ...p,
          sessionId,
          round: r,
          rounds,
          endsAt,
          minutes,
          ...(replacement ? { replacement } : {}),
          ...(video ? { video } : {}),
        }),
        [p.question],
      ),
    ),
  fc
    .tuple(introPartsArb, fc.integer({ min: 1, max: 30 }), at)
    .map(([p, days, endsAt]) =>
      sample("asyncIntroMessage", say.asyncIntroMessage({ ...p, days, endsAt }), [p.question]),
    ),
  fc
    .tuple(round, fc.option(fc.tuple(sessionIdArb, groupIdArb), { nil: undefined }))
    .map(([r, ext]) =>
      sample("nudgeMessage", say.nudgeMessage(r, ext ? { sessionId: ext[0], groupId: ext[1] } : undefined)),
    ),
  fc
    .tuple(sessionIdArb, round, groupIdArb, fc.boolean(), at, fc.constantFrom(2, 3), fc.option(at, { nil: undefined }))
    .map(([s, r, g, last, until, size, next]) =>
      sample("closingMessage", say.closingMessage(s, r, g, last, until, size, next)),
    ),
  fc
    .tuple(sessionIdArb, round, groupIdArb, userIdArb, ids)
    .map(([sessionId, r, groupId, u, waiting]) =>
      sample("extendAsked", say.extendAsked({ sessionId, round: r, groupId }, u, waiting)),
    ),
  fc.tuple(round, at).map(([r, until]) => sample("extended", say.extended(r, until))),
  rating.map((r) => sample("feedbackThanks", say.feedbackThanks(r))),
  fc
    .tuple(fc.boolean(), fc.constantFrom(1, 2))
    .map(([y, n]) => sample("stayInTouchRecorded", say.stayInTouchRecorded(y, n))),
  ids.map((u) => sample("connectionMade", say.connectionMade(u))),
  fc.tuple(userIdArb, ids, round).map(([u, m, r]) => sample("reportToOrganizers", say.reportToOrganizers(u, m, r))),
  fc
    .tuple(userIdArb, ids, round, textArb(1, 1000))
    .map(([u, m, r, what]) =>
      sample("reportDetailsToOrganizers", say.reportDetailsToOrganizers(u, m, r, what), [literal(what.trim())]),
    ),
  fc.tuple(userIdArb, fc.boolean()).map(([u, removed]) => sample("memberLeftSpace", say.memberLeftSpace(u, removed))),
  userIdArb.map((u) => sample("unblocked", say.unblocked(u))),
  fc.tuple(round, fc.constantFrom(2, 3)).map(([r, size]) => sample("partnerLeft", say.partnerLeft(r, size))),
  fc
    .tuple(ids, round, reason)
    .map(([p, r, why]) => sample("spaceFailedForMember", say.spaceFailedForMember(p, r, why))),
  fc
    .tuple(ids, round, reason)
    .map(([m, r, why]) => sample("spaceFailedForOrganizer", say.spaceFailedForOrganizer(m, r, why))),
  fc.tuple(sessionArb, at, fc.boolean()).map(([s, now, p]) => sample("joined", say.joined(s, now, p))),
  // Role and channel names come from organizers and platforms: shown as typed, like member text.
  fc
    .tuple(
      fc.boolean(),
      fc.boolean(),
      fc.nat({ max: 50 }),
      fc.array(
        fc.record({
          kind: fc.constantFrom("role" as const, "channel" as const),
          id: channelIdArb,
          name: textArb(1, 80),
        }),
        { maxLength: 50 },
      ),
    )
    .map(([on, only, chosen, held]) =>
      sample("profileOnlySet", say.profileOnlySet(on, signalsPart(chosen, held, only))),
    ),
  fc.constantFrom(
    sample("feedbackAlreadyGiven", say.feedbackAlreadyGiven),
    sample("extendAlready", say.extendAlready),
    sample("extendAlreadyAsked", say.extendAlreadyAsked),
    sample("extendTooLate", say.extendTooLate),
    sample("extendTooEarly", say.extendTooEarly),
    sample("extendNotInGroup", say.extendNotInGroup),
    sample("alreadyJoined", say.alreadyJoined),
    sample("cancelledBeforeStart", say.cancelledBeforeStart),
    sample("left", say.left),
    sample("notJoined", say.notJoined),
    sample("sessionOver", say.sessionOver),
    sample("noSession", say.noSession),
    sample("lastRoundNoJoin", say.lastRoundNoJoin),
    sample("skipConfirmed", say.skipConfirmed),
    sample("skipConfirmedLive", say.skipConfirmedLive),
    sample("reportDetailsThanks", say.reportDetailsThanks),
    sample("reportFirst", say.reportFirst),
    sample("skipTooLate", say.skipTooLate),
    sample("scheduleGone", say.scheduleGone),
    sample("asyncNobodyElse", say.asyncNobodyElse),
    sample("notYourMeet", say.notYourMeet),
    sample("metAlreadyAnswered", say.metAlreadyAnswered),
    sample("memberLeftMeet", say.memberLeftMeet),
  ),
  fc.constantFrom("start", "schedule", "forget-me").map((c) => sample("notOrganizer", say.notOrganizer(c))),
  fc
    .tuple(fc.constantFrom("start", "profile"), fc.array(textArb(1, 300), { minLength: 1, maxLength: 12 }))
    .map(([c, problems]) => sample("badOptions", say.badOptions(c, problems))),
  sessionArb.map((s) => sample("sessionStarted", say.sessionStarted(s))),
  sessionArb.map((s) => sample("alreadyRunning", say.alreadyRunning(s))),
  fc.array(textArb(1, 300), { minLength: 1, maxLength: 8 }).map((p) => sample("notReady", say.notReady(p))),
  fc.integer({ min: 0, max: 1 }).map((n) => sample("notEnoughPeople", say.notEnoughPeople(n))),
  round.map((r) => sample("waitingThisRound", say.waitingThisRound(r))),
  fc.tuple(sessionArb, at).map(([s, now]) => sample("statusMessage", say.statusMessage(s, now))),
  fc
    .tuple(
      fc.array(fc.nat({ max: 100_000 }), { minLength: 11, maxLength: 11 }),
      fc.constantFrom("completed" as const, "ended-early" as const),
    )
    .map(([n, why]) =>
      sample(
        "summaryMessage",
        say.summaryMessage(
          {
            people: n[0] ?? 0,
            rounds: n[1] ?? 0,
            groups: n[2] ?? 0,
            conversations: n[3] ?? 0,
            failedSpaces: n[4] ?? 0,
            connections: n[5] ?? 0,
            feedback: { great: n[6] ?? 0, ok: n[7] ?? 0, "not-great": n[8] ?? 0, report: n[9] ?? 0 },
          },
          why,
        ),
      ),
    ),
  fc.tuple(scheduleArb, textArb(0, 80)).map(([s, next]) => sample("scheduleCreated", say.scheduleCreated(s, next))),
  fc
    .array(fc.tuple(scheduleArb, fc.option(textArb(1, 80), { nil: undefined })), { maxLength: 25 })
    .map((items) => sample("scheduleList", say.scheduleList(items.map(([schedule, next]) => ({ schedule, next }))))),
  scheduleIdArb.map((id) => sample("scheduleNotFound", say.scheduleNotFound(id))),
  fc.array(scheduleIdArb, { maxLength: 25 }).map((i) => sample("scheduleIdNeeded", say.scheduleIdNeeded(i))),
  scheduleArb.map((s) => sample("schedulePaused", say.schedulePaused(s))),
  scheduleArb.map((s) => sample("scheduleAlreadyActive", say.scheduleAlreadyActive(s))),
  fc.tuple(scheduleArb, textArb(0, 80)).map(([s, n]) => sample("scheduleResumed", say.scheduleResumed(s, n))),
  scheduleArb.map((s) => sample("scheduleDeleted", say.scheduleDeleted(s))),
  fc
    .tuple(scheduleArb, at, textArb(1, 80))
    .map(([s, slot, when]) => sample("scheduleHeadsUp", say.scheduleHeadsUp(s, slot, when))),
  fc
    .tuple(
      textArb(1, 120),
      textArb(1, 80),
      fc.constantFrom(
        "missed" as const,
        "not-enough-members" as const,
        "session-running" as const,
        "not-ready" as const,
        "previous-meet-running" as const,
      ),
    )
    .map(([l, w, r]) => sample("scheduledRunSkipped", say.scheduledRunSkipped(l, w, r))),
  fc
    .tuple(textArb(1, 120), channelIdArb, fc.array(textArb(1, 40), { minLength: 1, maxLength: 60 }))
    .map(([l, c, w]) => sample("scheduledRunsMissed", say.scheduledRunsMissed(l, c, w))),
  fc.tuple(channelIdArb, fc.nat({ max: 1 })).map(([c, n]) => sample("asyncNotEnough", say.asyncNotEnough(c, n))),
  channelIdArb.map((c) => sample("welcomeBack", say.welcomeBack(c))),
  fc
    .tuple(scheduleIdArb, groupIdArb, at)
    .map(([m, g, end]) => sample("asyncCheckIn", say.asyncCheckIn(`${m}-${end.toString(36)}`, g, end))),
  fc
    .tuple(scheduleIdArb, groupIdArb, at, fc.constantFrom(2, 3))
    .map(([m, g, t, size]) => sample("asyncEnd", say.asyncEnd(`${m}-${t.toString(36)}`, g, t, size))),
  fc.constantFrom<CheckInAnswer>("met", "planned", "cant").map((a) => sample("checkInThanks", say.checkInThanks(a))),
  fc.boolean().map((m) => sample("metThanks", say.metThanks(m))),
  fc.tuple(ids, reason).map(([p, why]) => sample("asyncSpaceFailed", say.asyncSpaceFailed(p, why))),
  fc
    .tuple(ids, reason)
    .map(([m, why]) => sample("asyncSpaceFailedForOrganizer", say.asyncSpaceFailedForOrganizer(m, why))),
  fc
    .tuple(channelIdArb, fc.integer({ min: 1, max: 10 }))
    .map(([c, n]) => sample("askToOptInAgain", say.askToOptInAgain(c, n))),
  channelIdArb.map((c) => sample("poolJoined", say.poolJoined(c))),
  channelIdArb.map((c) => sample("poolBack", say.poolBack(c))),
  channelIdArb.map((c) => sample("poolAlreadyIn", say.poolAlreadyIn(c))),
  channelIdArb.map((c) => sample("poolLeft", say.poolLeft(c))),
  channelIdArb.map((c) => sample("poolNotIn", say.poolNotIn(c))),
  fc
    .record({
      channelId: channelIdArb,
      inPool: fc.boolean(),
      inactive: fc.boolean(),
      pausedUntil: fc.option(at, { nil: undefined }),
      members: fc.nat({ max: 100_000 }),
    })
    .map(({ pausedUntil, ...s }) =>
      sample("poolStatus", say.poolStatus(pausedUntil === undefined ? s : { ...s, pausedUntil })),
    ),
);

/**
 * Builders `messageSampleArb` covers (exported functions and constants of src/messages that return messages).
 * A test compares it with the modules' exports, so a new builder cannot be left out of the property tests.
 */
export const COVERED_BUILDERS = [
  "lobbyMessage",
  "introMessage",
  "asyncIntroMessage",
  "nudgeMessage",
  "closingMessage",
  "extendAsked",
  "extended",
  "extendAlready",
  "extendAlreadyAsked",
  "extendTooLate",
  "extendTooEarly",
  "extendNotInGroup",
  "feedbackThanks",
  "stayInTouchRecorded",
  "connectionMade",
  "reportToOrganizers",
  "reportDetailsToOrganizers",
  "reportDetailsThanks",
  "reportFirst",
  "memberLeftSpace",
  "unblocked",
  "partnerLeft",
  "spaceFailedForMember",
  "spaceFailedForOrganizer",
  "joined",
  "profileOnlySet",
  "feedbackAlreadyGiven",
  "alreadyJoined",
  "cancelledBeforeStart",
  "left",
  "notJoined",
  "sessionOver",
  "noSession",
  "lastRoundNoJoin",
  "skipConfirmed",
  "skipConfirmedLive",
  "skipTooLate",
  "scheduleGone",
  "asyncNobodyElse",
  "notYourMeet",
  "metAlreadyAnswered",
  "memberLeftMeet",
  "notOrganizer",
  "badOptions",
  "sessionStarted",
  "alreadyRunning",
  "notReady",
  "notEnoughPeople",
  "waitingThisRound",
  "statusMessage",
  "summaryMessage",
  "scheduleCreated",
  "scheduleList",
  "scheduleNotFound",
  "scheduleIdNeeded",
  "schedulePaused",
  "scheduleAlreadyActive",
  "scheduleResumed",
  "scheduleDeleted",
  "scheduleHeadsUp",
  "scheduledRunSkipped",
  "scheduledRunsMissed",
  "asyncNotEnough",
  "welcomeBack",
  "asyncCheckIn",
  "asyncEnd",
  "checkInThanks",
  "metThanks",
  "asyncSpaceFailed",
  "asyncSpaceFailedForOrganizer",
  "askToOptInAgain",
  "poolJoined",
  "poolBack",
  "poolAlreadyIn",
  "poolLeft",
  "poolNotIn",
  "poolStatus",
] as const;

/** `/quickmeet stats` as the organizer gets it: a generated history over up to 80 channels, sizes known or not. */
export const statsSampleArb: fc.Arbitrary<Sample> = fc
  .tuple(statsHistoryArb, fc.constantFrom("all" as const, "30d" as const, "last-session" as const), fc.boolean())
  .map(([h, period, knownSizes]) => {
    const report = computeStats(h.events, { period, now: h.now });
    const sizes = new Map(h.channels.map((c, i) => [c, knownSizes ? 100 + i * 37 : undefined]));
    const attached = ["a chart of participation and conversations", "per-session CSV", "per-member CSV"];
    return sample("statsMessage", statsMessage(report, sizes, attached));
  });

/** Generated inputs of `/quickmeet me`; `meSample` turns them into the reply through the real command. */
export const meSampleInputsArb = meInputsArb;

/** A command context over a memory store holding the generated profile, state and history. */
async function commandContext(inputs: MeInputs): Promise<CommandContext> {
  const store = createMemoryStore();
  const clock = new ManualClock(inputs.now);
  const community = new CommunityRepo(store, clock, DEFAULTS.session);
  const c = "T0COMMUNITY";
  if (inputs.profile) await community.saveProfile("slack", c, inputs.profile);
  await community.updateMemberState("slack", c, inputs.userId, () => inputs.state);
  if (inputs.events.length > 0) await community.record("slack", c, ...inputs.events);
  return {
    invocation: {
      platform: "slack",
      communityId: c,
      channelId: "C0HERE0000",
      actor: { userId: inputs.userId, displayName: inputs.profile?.displayName ?? "Me", isAdmin: false, roleIds: [] },
      eventId: "e1",
    },
    engine: { community, clock, store, logger: silentLogger },
    // The strictest form platform (Discord: five inputs); names as a directory would give them.
    platform: { maxFormFields: 5, displayName: async (_c: string, id: string) => `Member ${id}` },
    fromForm: false,
  } as unknown as CommandContext;
}

/** Runs `/quickmeet me` over a memory store holding the generated profile, state and history. */
export async function meSample(inputs: MeInputs): Promise<Sample> {
  const reply = await me.run(await commandContext(inputs), {});
  if (reply.kind !== "message") throw new Error(`/quickmeet me answered ${reply.kind}`);
  return sample("me", reply.message);
}

/**
 * `/quickmeet profile` for a member with the generated profile: the form it opens (pre-filled with what is stored)
 * and the "Profile saved" reply to saving that same profile through options.
 */
export async function profileSamples(inputs: MeInputs): Promise<{ form: FormSpec; saved: Sample }> {
  const ctx = await commandContext(inputs);
  const opened = await profile.run(ctx, {});
  if (opened.kind !== "form") throw new Error(`/quickmeet profile answered ${opened.kind}`);
  const p = inputs.profile;
  const saved = await profile.run(ctx, {
    interests: p?.interests.join(", ") ?? "hiking",
    ...(p?.field ? { field: p.field } : {}),
    ...(p?.city ? { city: p.city } : {}),
    ...(p?.lookingFor.length ? { looking_for: p.lookingFor.join(", ") } : {}),
    ...(p?.funFact ? { fun_fact: p.funFact } : {}),
  });
  if (saved.kind !== "message") throw new Error(`saving a profile answered ${saved.kind}`);
  return { form: opened.form, saved: sample("profileSaved", saved.message) };
}
