import { buildCommonGroundModel, describeCommonGround, type ProfileInput } from "../common-ground/index.ts";
import { attributeItems, type SignalOrigins, withSignals } from "../common-ground/signals.ts";
import { loadMemberSignals, loadProfileHints } from "../community/signals.ts";
import type {
  CommunitySettings,
  EventRecord,
  Group,
  GroupIntro,
  IntroducedGroup,
  MemberState,
  Profile,
  Session,
} from "../domain/types.ts";
import { type EngineParts, sessionLogger } from "../engine-parts.ts";
import { literal } from "../messages/markup.ts";
import { chooseQuestion, loadQuestionBank } from "../questions/index.ts";
import { recordedTopics } from "../stats/topics.ts";

/** One line about a member for the intro: field · city · looking for · fun fact. */
export function profileSummary(profile: Profile | undefined): string {
  if (!profile) return "";
  const parts = [
    profile.field,
    profile.city,
    profile.lookingFor.length > 0 ? `looking for ${profile.lookingFor.join(", ")}` : undefined,
    profile.funFact ? `fun fact: ${profile.funFact}` : undefined,
  ];
  return parts.filter((p): p is string => Boolean(p)).join(" · ");
}

const emptyProfile = (userId: string, name: string): ProfileInput => ({
  userId,
  displayName: name,
  interests: [],
  lookingFor: [],
});

/** Only the fields the common-ground model reads, as plain data (profiles cross into the planning worker). */
export function toProfileInput(p: ProfileInput): ProfileInput {
  const out: ProfileInput = {
    userId: p.userId,
    displayName: p.displayName,
    interests: [...p.interests],
    lookingFor: [...p.lookingFor],
  };
  if (p.field !== undefined) out.field = p.field;
  if (p.city !== undefined) out.city = p.city;
  if (p.timeZone !== undefined) out.timeZone = p.timeZone;
  if (p.funFact !== undefined) out.funFact = p.funFact;
  return out;
}

export interface PlannedRound {
  groups: Group[];
  waiting: string[];
}

/**
 * What planning any grouping needs, read once: profiles (an empty one for members without), member states, the
 * community's history of groups (every past group, live and async, as "past partners"), blocks, settings.
 */
export async function loadPlanningInputs(
  ctx: Pick<EngineParts, "community" | "logger" | "platform">,
  community: Pick<Session, "platform" | "communityId">,
  members: readonly string[],
  names: Readonly<Record<string, string>>,
) {
  const { platform: p, communityId: c } = community;
  const [profiles, states, events, settings] = await Promise.all([
    ctx.community.profiles(p, c, members),
    ctx.community.memberStates(p, c, members),
    ctx.community.events(p, c),
    ctx.community.settings(p, c),
  ]);
  const history = events
    .filter((e): e is Extract<EventRecord, { type: "grouped" }> => e.type === "grouped")
    .map((e) => ({ members: e.members, at: e.at }));
  const blocks = [...states.values()].flatMap((s) => s.blocked.map((b) => [s.userId, b] as [string, string]));
  const { inputs, origins } = await withMemberSignals(ctx, community, members, names, { profiles, settings, states });
  return { profiles, states, events, settings, history, blocks, inputs, origins };
}

/** Profiles (an empty one for members without) with each member's organizer-chosen roles and channels merged in. */
async function withMemberSignals(
  ctx: Pick<EngineParts, "logger" | "platform">,
  { platform: p, communityId: c }: Pick<Session, "platform" | "communityId">,
  members: readonly string[],
  names: Readonly<Record<string, string>>,
  known: { profiles: Map<string, Profile>; settings: CommunitySettings; states: Map<string, MemberState> },
): Promise<{ inputs: ProfileInput[]; origins: SignalOrigins }> {
  const [held, hints] = await Promise.all([
    loadMemberSignals(ctx, p, c, members, known.settings, known.states),
    loadProfileHints(ctx, p, c, members, known.settings, known.states),
  ]);
  const origins: SignalOrigins = new Map();
  // Roles and channels join the profile as if typed, so pairing and intros weigh them the same way.
  const inputs = members.map((id) => {
    const merged = withSignals(known.profiles.get(id) ?? emptyProfile(id, names[id] ?? id), held.get(id) ?? []);
    const hint = hints.get(id);
    const profile = { ...merged.profile };
    // The platform's title and zone fill only what the member's own profile leaves empty.
    if (profile.field === undefined && hint?.title) profile.field = hint.title;
    if (profile.timeZone === undefined && hint?.timeZone) profile.timeZone = hint.timeZone;
    // An entry (even empty) marks the member as known for the intro's wording and the stats.
    if (
      merged.origins.size > 0 ||
      profile.field !== merged.profile.field ||
      profile.timeZone !== merged.profile.timeZone
    )
      origins.set(id, merged.origins);
    return profile;
  });
  return { inputs, origins };
}

/**
 * Groups `members` for round `n`: history (every past group of the community, this session's rounds included),
 * blocks, and common ground go to the pairing engine, which plans the remaining rounds as a whole and returns the
 * first. Each group gets its intro prepared here, so a restart re-posts exactly the same words.
 */
export async function planRound(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "metrics" | "planner" | "platform">,
  session: Session,
  n: number,
  members: readonly string[],
): Promise<PlannedRound> {
  const { profiles, states, events, settings, history, blocks, inputs, origins } = await loadPlanningInputs(
    ctx,
    session,
    members,
    session.names,
  );
  const trioCounts = new Map<string, number>();
  for (const e of events) {
    if (e.type === "grouped" && e.sessionId === session.id && e.members.length === 3) {
      for (const m of e.members) trioCounts.set(m, (trioCounts.get(m) ?? 0) + 1);
    }
  }
  const plan = await ctx.planner.plan({
    profiles: inputs.map((p) => toProfileInput(p)),
    history,
    blocks,
    groupSize: session.options.groupSize,
    rounds: Math.max(1, session.options.rounds - n + 1),
    seed: `${session.seed}:${n}`,
    trioCounts: [...trioCounts],
    now: ctx.clock.now(),
  });
  ctx.metrics.planned(plan.ms);
  // The model is rebuilt here (cheap) for the intros; the expensive planning ran off the main thread.
  const model = buildCommonGroundModel(inputs);
  sessionLogger(ctx, session).info("round planned", {
    round: n,
    members: members.length,
    seed: plan.seed,
    ms: plan.ms,
    repeats: plan.repeats,
  });
  const first = plan.rounds[0];
  const bank = loadQuestionBank(settings.customQuestions);
  const intro = { model, states, profiles, bank, names: session.names, origins };
  const groups = introduceGroups(first?.groups ?? [], intro, `${session.seed}:${n}`).map(
    (g): Group => ({ ...g, nudged: false, closingPosted: false, departed: [] }),
  );
  return { groups, waiting: first?.unplaced ?? [] };
}

/**
 * The one builder of groups, for live rounds and async meets alike: the pairing engine's groups, numbered `g1`, `g2`…,
 * each with its intro prepared (seeded `<seed>:<index>`), not yet opened.
 */
export function introduceGroups(
  planned: readonly { members: string[]; score: number }[],
  inputs: Omit<IntroInputs, "seed">,
  seed: string,
): IntroducedGroup[] {
  return planned.map((g, i) => introduceGroup(`g${i + 1}`, g.members, g.score, { ...inputs, seed: `${seed}:${i}` }));
}

/** One group with its intro prepared: what a planned group and a mid-round replacement both start as. */
export function introduceGroup(id: string, members: string[], score: number, inputs: IntroInputs): IntroducedGroup {
  const prepared = prepareIntro(members, inputs);
  return {
    id,
    members,
    score,
    status: "pending",
    introPosted: false,
    topics: prepared.topics,
    known: prepared.known,
    intro: prepared.intro,
    ...(prepared.questionId ? { questionId: prepared.questionId } : {}),
  };
}

export interface IntroInputs {
  model: ReturnType<typeof buildCommonGroundModel>;
  states: Map<string, MemberState>;
  profiles: Map<string, Profile>;
  bank: ReturnType<typeof loadQuestionBank>;
  seed: string;
  names: Record<string, string>;
  /** Interests members hold through an organizer-chosen role or channel (see `withSignals`). */
  origins: SignalOrigins;
}

/** Common ground + a question nobody in the group was asked before (when another fits). */
export function prepareIntro(
  members: readonly string[],
  inputs: IntroInputs,
): { intro: GroupIntro; topics: string[]; known: string[]; questionId?: string } {
  const items = attributeItems(inputs.model.explain(members), inputs.origins);
  const asked = Object.fromEntries(members.map((m) => [m, inputs.states.get(m)?.askedQuestions ?? []]));
  const choice = chooseQuestion({ commonGround: items, asked, bank: inputs.bank, seed: inputs.seed });
  const names = Object.fromEntries(
    members.map((m) => [m, inputs.profiles.get(m)?.displayName ?? inputs.names[m] ?? m]),
  );
  // Everything below is member text (tags, fields, fun facts, custom questions): escaped so it is shown as typed.
  const known = members.filter((m) => inputs.profiles.has(m) || inputs.origins.has(m));
  const profiled = known.length;
  return {
    intro: {
      commonGround: describeCommonGround(items, names).map(literal).join("\n"),
      question: literal(choice.question),
      fallback: choice.fallback,
      ...(choice.fallback ? { unknown: profiled < members.length } : {}),
      summaries: Object.fromEntries(members.map((m) => [m, literal(profileSummary(inputs.profiles.get(m)))])),
    },
    topics: recordedTopics(items),
    known,
    questionId: choice.questionId,
  };
}

/** Inputs for intros of groups formed mid-round (replacements for partners who left). */
export async function introInputs(
  ctx: Pick<EngineParts, "community" | "logger" | "platform">,
  session: Session,
  members: readonly string[],
  seed: string,
): Promise<IntroInputs> {
  const { platform: p, communityId: c } = session;
  const [profiles, states, settings] = await Promise.all([
    ctx.community.profiles(p, c, members),
    ctx.community.memberStates(p, c, members),
    ctx.community.settings(p, c),
  ]);
  const { inputs, origins } = await withMemberSignals(ctx, session, members, session.names, {
    profiles,
    settings,
    states,
  });
  const model = buildCommonGroundModel(inputs);
  return {
    model,
    states,
    profiles,
    bank: loadQuestionBank(settings.customQuestions),
    seed,
    names: session.names,
    origins,
  };
}
