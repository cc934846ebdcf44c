import { buildCommonGroundModel } from "../common-ground/index.ts";
import type { AsyncGroup, Schedule } from "../domain/schedule.ts";
import type { EngineParts } from "../engine-parts.ts";
import { loadQuestionBank } from "../questions/index.ts";
import { introduceGroups, loadPlanningInputs, toProfileInput } from "../session/planner.ts";
import { keys } from "../store/keys.ts";

/** Who an async run pairs, and who it leaves out and why. */
export interface Selection {
  members: string[];
  names: Record<string, string>;
  excluded: { paused: number; optedOut: number; inactive: number; skipped: number };
  /** Back from a pause that kept them out of an earlier run: told "welcome back" once. */
  welcomeBack: string[];
}

/**
 * The channel's pool minus members who opted out of the community, went inactive, said "Skip this one" for this
 * slot, or are paused. A pause that has passed needs nothing: the member is simply eligible again.
 */
export async function selectMembers(
  ctx: Pick<EngineParts, "community" | "schedules" | "store">,
  schedule: Schedule,
  slot: number,
): Promise<Selection> {
  const { platform: p, communityId: c, channelId } = schedule;
  const repo = ctx.schedules;
  const pool = await repo.pool(p, c, channelId);
  const ids = Object.keys(pool.members).sort();
  const [states, skips] = await Promise.all([
    ctx.community.memberStates(p, c, ids),
    ctx.store.getMany<string>(ids.map((id) => keys.scheduleSkip(schedule.id, slot, id))),
  ]);
  const out: Selection = {
    members: [],
    names: {},
    excluded: { paused: 0, optedOut: 0, inactive: 0, skipped: 0 },
    welcomeBack: [],
  };
  const pausedNow: string[] = [];
  ids.forEach((id, i) => {
    const member = pool.members[id];
    const state = states.get(id);
    if (!member || !state) return;
    out.names[id] = member.name;
    if (state.optedOut) out.excluded.optedOut++;
    else if (member.inactive) out.excluded.inactive++;
    else if (skips[i] !== undefined) out.excluded.skipped++;
    else if (ctx.community.isPaused(state)) {
      out.excluded.paused++;
      pausedNow.push(id);
    } else {
      out.members.push(id);
      if (member.pausedSkipped) out.welcomeBack.push(id);
    }
  });
  if (pausedNow.length > 0 || out.welcomeBack.length > 0) {
    await repo.updatePool(p, c, channelId, (current) => {
      const members = { ...current.members };
      for (const id of pausedNow) if (members[id]) members[id] = { ...members[id], pausedSkipped: true };
      for (const id of out.welcomeBack) {
        const m = members[id];
        if (m) {
          const { pausedSkipped: _, ...rest } = m;
          members[id] = rest;
        }
      }
      return { ...current, members };
    });
  }
  return out;
}

/**
 * Groups the selected members with the pairing engine: every past group of the community (live and async) as
 * history, blocks both ways, common ground as weight. Each group's intro is prepared now so a restart posts the
 * same words.
 */
export async function planAsyncGroups(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "planner" | "platform">,
  schedule: Schedule,
  selection: Selection,
  seed: string,
): Promise<{ groups: AsyncGroup[]; unplaced: string[] }> {
  const members = selection.members;
  const { profiles, states, settings, history, blocks, inputs, origins } = await loadPlanningInputs(
    ctx,
    schedule,
    members,
    selection.names,
  );
  // Planned off the main thread like live rounds; the model is rebuilt here (cheap) for the intros.
  const plan = await ctx.planner.plan({
    profiles: inputs.map(toProfileInput),
    history,
    blocks,
    groupSize: schedule.groupSize,
    rounds: 1,
    seed,
    trioCounts: [],
    now: ctx.clock.now(),
  });
  const model = buildCommonGroundModel(inputs);
  ctx.logger.info("async meet planned", { scheduleId: schedule.id, members: members.length, ms: plan.ms });
  const bank = loadQuestionBank(settings.customQuestions);
  const first = plan.rounds[0];
  const intro = { model, states, profiles, bank, names: selection.names, origins };
  const groups = introduceGroups(first?.groups ?? [], intro, seed).map(
    (g): AsyncGroup => ({ ...g, checkInPosted: false, endPosted: false, responded: [] }),
  );
  return { groups, unplaced: first?.unplaced ?? [] };
}
