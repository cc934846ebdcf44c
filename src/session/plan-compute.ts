import { buildCommonGroundModel, type ProfileInput } from "../common-ground/index.ts";
import { type PairingPlan, type PastGroup, planRounds } from "../pairing/index.ts";

/** Everything a round plan depends on, as plain data, so it can cross into a worker thread. */
export interface PlanJob {
  profiles: ProfileInput[];
  history: PastGroup[];
  blocks: [string, string][];
  groupSize: 2 | 3;
  rounds: number;
  seed: string;
  trioCounts: [string, number][];
  now: number;
}

/** Builds the common-ground model and plans the remaining rounds. CPU-bound: production runs it in plan-worker.ts. */
export function computePlan(job: PlanJob): PairingPlan {
  const model = buildCommonGroundModel(job.profiles);
  const members = job.profiles.map((p) => p.userId);
  return planRounds({
    members,
    score: (a, b) => model.score(a, b),
    indexed: model.forMembers(members),
    history: job.history,
    blocks: job.blocks,
    groupSize: job.groupSize,
    rounds: job.rounds,
    seed: job.seed,
    trioCounts: new Map(job.trioCounts),
    now: job.now,
  });
}
