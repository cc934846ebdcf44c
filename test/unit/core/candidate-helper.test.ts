import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticProfiles } from "../../../bench/data/pairing-instances.ts";
import { buildCommonGroundModel } from "../../../src/common-ground/index.ts";
import { planRounds } from "../../../src/pairing/index.ts";
import { type CandidateHelper, createCandidateHelper } from "../../../src/session/candidate-helper.ts";

const profiles = syntheticProfiles(12_000, "helper-test");
const ids = profiles.map((p) => p.userId);
const history = [{ members: [ids[0]!, ids[1]!], at: Date.UTC(2026, 10, 1) }];

/** One plan of the pool, with the given helper or on this thread alone. */
function plan(helper?: CandidateHelper) {
  const model = buildCommonGroundModel(profiles);
  const scoring = model.forMembers(ids);
  const result = planRounds({
    members: ids,
    score: (a, b) => model.score(a, b),
    indexed: helper ? helper.parallel(scoring) : scoring,
    history,
    groupSize: 2,
    rounds: 2,
    seed: "helper",
    now: Date.UTC(2026, 10, 25),
  });
  return result.rounds.map((r) => r.groups.map((g) => g.members));
}

const alone = plan();
const helpers: CandidateHelper[] = [];
afterAll(async () => {
  await Promise.all(helpers.map((h) => h.close()));
});

/** A helper thread that claims one chunk of the first batch and never finishes it. */
const stallingWorker = () =>
  new Worker(
    `const { parentPort } = require("node:worker_threads");
     parentPort.once("message", (job) => {
       Atomics.store(job.ctrl, 1, 1);
       Atomics.add(job.ctrl, 0, 512);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
     });`,
    { eval: true },
  );

describe("candidate lists on a second thread", () => {
  it("plans a large pool exactly as one thread does, with the helper computing part of the lists", async () => {
    const helper = createCandidateHelper();
    helpers.push(helper);
    await helper.ready;
    expect(plan(helper)).toEqual(alone);
    expect(helper.lastBatch!.byHelper).toBeGreaterThan(0);
    expect(helper.lastBatch!.byHelper).toBeLessThan(helper.lastBatch!.chunks);
  });

  it("answers a batch into shared memory in place and into ordinary arrays by copy, the same lists either way", async () => {
    const helper = createCandidateHelper();
    helpers.push(helper);
    await helper.ready;
    const scoring = buildCommonGroundModel(profiles).forMembers(ids);
    const who = Int32Array.from(ids.keys());
    const want = new Int32Array(ids.length).fill(10);
    const answer = (shared: boolean, search: Pick<ReturnType<typeof helper.parallel>, "candidatesMany">) => {
      const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
      const out = new Int32Array(buffer(4 * 10 * ids.length));
      const scores = new Float64Array(buffer(8 * 10 * ids.length));
      const count = new Int32Array(buffer(4 * ids.length));
      search.candidatesMany!(who, want, 10, out, scores, count);
      return { out: [...out], scores: [...scores], count: [...count] };
    };
    const expected = answer(false, scoring);
    expect(expected.count.every((c) => c === 10)).toBe(true);
    for (const shared of [true, false]) {
      expect(answer(shared, helper.parallel(scoring))).toEqual(expected);
      expect(helper.lastBatch!.byHelper).toBeGreaterThan(0);
    }
  });

  it("redoes the lists of a helper that stalls, and plans the same groups", () => {
    const helper = createCandidateHelper({ spawn: stallingWorker, stallMs: 200 });
    helpers.push(helper);
    expect(plan(helper)).toEqual(alone);
    // Given up after the stall: later plans stay on the planning thread.
    expect(plan(helper)).toEqual(alone);
  });

  it("plans the same groups when the helper cannot start at all", async () => {
    const helper = createCandidateHelper({ spawn: () => new Worker("throw new Error('no helper')", { eval: true }) });
    helpers.push(helper);
    // Waiting for a helper that failed does not hang: `ready` settles, and planning stays on this thread.
    await helper.ready;
    expect(plan(helper)).toEqual(alone);
    expect(helper.lastBatch).toBeUndefined();
  });
});
