import { z } from "zod";
import { buildCommonGroundModel } from "../../src/common-ground/index.ts";
import type { ProfileInput } from "../../src/common-ground/types.ts";
import { type PairingRequest, type PastGroup, planRounds } from "../../src/pairing/index.ts";
import { issueLines, memberSchema, readJsonInput, toProfileInput } from "./input.ts";
import type { CliIo } from "./io.ts";
import { EXIT_BAD_INPUT } from "./io.ts";

const USAGE = "Usage: quickmeet pair --input pool.json [--rounds R] [--group-size 2|3] [--seed S]\n";

/** Largest weight: sums over a whole round stay exact enough and finite (1e308 would print as null). */
export const MAX_WEIGHT = 1e9;

/** An input that `pair` accepts, shown by `--help` and README (a test runs it). */
export const PAIR_EXAMPLE = {
  members: [
    { id: "amara", interests: ["podcasts", "hiking"], field: "PR", city: "Rochester", lookingFor: ["mentor"] },
    { id: "jamal", interests: ["podcasts", "jazz"], field: "Journalism", lookingFor: ["mentee"] },
    { id: "lena", interests: ["hiking"], timeZone: "Europe/Berlin" },
    { id: "sam" },
  ],
  history: [["amara", "jamal", "2026-01-05T10:00:00Z"]],
  blocks: [["lena", "sam"]],
};

const HELP = `${USAGE}
Plans R rounds of groups for a pool and prints JSON:
  {"rounds":[{"groups":[["a","b"]],"score":1.5}],"repeats":0,"ms":12,"seed":"S"}

pool.json (one object; only "members" is required):
  members     list of members: {"id", "name"?, "interests"?: [text], "field"?, "city"?, "timeZone"? (IANA),
              "lookingFor"?: [mentor|mentee|job|hiring|collaborators|friends], "funFact"?}
  weights     optional [[idA, idB, weight], ...], weight 0 to ${MAX_WEIGHT}: scores pairs directly (unlisted pairs
              score 0) instead of the members' common ground
  history     optional [[idA, idB, date], ...]: past pairs (date: epoch ms or ISO), avoided when possible
  blocks      optional [[idA, idB], ...]: never grouped together
  trioCounts  optional {"id": n}: trios each member was already in (the odd member's trio rotates)
  now         optional date the plan is made at (default: now)

Example:
${JSON.stringify(PAIR_EXAMPLE, null, 2)}
`;

const WEIGHT = `must be a number from 0 to ${MAX_WEIGHT}`;
const id = z.string().trim().min(1, "must be a non-empty member id");
const date = z.union([
  z.number().int("must be epoch milliseconds or an ISO date").nonnegative(),
  z.iso.datetime({ offset: true, message: "must be an ISO date such as 2026-01-05T10:00:00Z" }),
]);

const poolSchema = z
  .object({
    members: z.array(memberSchema, "must be a list of members").min(1, "needs at least one member"),
    weights: z
      .array(z.tuple([id, id, z.number().min(0, WEIGHT).max(MAX_WEIGHT, WEIGHT)], "must be [idA, idB, weight]"))
      .optional(),
    history: z.array(z.tuple([id, id, date], "must be [idA, idB, date]")).default([]),
    blocks: z.array(z.tuple([id, id], "must be [idA, idB]")).default([]),
    trioCounts: z.record(z.string(), z.number().int().nonnegative()).default({}),
    now: date.optional(),
  })
  .strict();

interface PairArgs {
  input: string;
  rounds: number;
  groupSize: 2 | 3;
  seed: string;
}

function parseArgs(args: readonly string[]): PairArgs | string {
  const out: Partial<PairArgs> = { rounds: 1, groupSize: 2, seed: "quickmeet" };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = args[i + 1];
    if (!["--input", "--rounds", "--group-size", "--seed"].includes(arg)) return `unknown argument "${arg}"`;
    if (value === undefined || value.startsWith("--")) return `${arg} needs a value`;
    i++;
    if (arg === "--input") out.input = value;
    else if (arg === "--seed") out.seed = value;
    else if (arg === "--rounds") {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) {
        return `--rounds must be a whole number from 1 to 1000, got "${value}"`;
      }
      out.rounds = Number(value);
    } else {
      if (value !== "2" && value !== "3") return `--group-size must be 2 or 3, got "${value}"`;
      out.groupSize = value === "2" ? 2 : 3;
    }
  }
  return out.input === undefined ? "--input is required" : (out as PairArgs);
}

const toMs = (d: number | string) => (typeof d === "number" ? d : Date.parse(d));
/** Six decimals, without overflowing large scores to Infinity (which JSON prints as null). */
const round6 = (x: number) => (Math.abs(x) < 1e9 ? Math.round(x * 1e6) / 1e6 : x);

/**
 * `quickmeet pair --input pool.json [--rounds R] [--group-size 2|3] [--seed S]`: plans R rounds and prints
 * `{"rounds":[{"groups":[["a","b"]],"score":1.5}],"repeats":0,"ms":12,"seed":"S"}`. Scores come from "weights"
 * when given (unlisted pairs score 0), otherwise from the members' profiles (common-ground model). Bad arguments or
 * input print a message naming the field and the problem, and return exit code 2.
 */
export async function runPairCli(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes("--help")) {
    io.stdout.write(HELP);
    return 0;
  }
  const fail = (message: string) => {
    io.stderr.write(`${message}\n`);
    return EXIT_BAD_INPUT;
  };
  const parsedArgs = parseArgs(args);
  if (typeof parsedArgs === "string") return fail(`${parsedArgs}\n${USAGE}`);
  const raw = await readJsonInput(parsedArgs.input);
  if (typeof raw === "string") return fail(raw);
  const parsed = poolSchema.safeParse(raw.value);
  const bad = (lines: string[]) => fail(`Bad input in ${parsedArgs.input}:\n${lines.map((l) => `  ${l}`).join("\n")}`);
  if (!parsed.success) return bad(issueLines(parsed.error));
  const pool = parsed.data;

  const profiles: ProfileInput[] = pool.members.map(toProfileInput);
  const ids = profiles.map((p) => p.userId);
  const known = new Set(ids);
  const duplicate = ids.findIndex((x, i) => ids.indexOf(x) !== i);
  if (duplicate >= 0) return bad([`members[${duplicate}].id: "${ids[duplicate]}" appears twice`]);
  // A weight for someone not in the pool is almost certainly a typo; history and blocks may name absent people.
  const unknown = (pool.weights ?? []).flatMap(([a, b], i) =>
    [a, b].flatMap((x, j) => (known.has(x) ? [] : [`weights[${i}][${j}]: "${x}" is not in members`])),
  );
  if (unknown.length > 0) return bad(unknown);

  const request: PairingRequest = {
    members: ids,
    score: () => 0,
    history: pool.history.map(([a, b, at]): PastGroup => ({ members: [a, b], at: toMs(at) })),
    blocks: pool.blocks,
    groupSize: parsedArgs.groupSize,
    rounds: parsedArgs.rounds,
    seed: parsedArgs.seed,
    trioCounts: new Map(Object.entries(pool.trioCounts)),
  };
  if (pool.now !== undefined) request.now = toMs(pool.now);
  if (pool.weights) {
    const table = new Map<string, number>();
    const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
    for (const [a, b, w] of pool.weights) table.set(key(a, b), w);
    request.score = (a, b) => table.get(key(a, b)) ?? 0;
  } else {
    const model = buildCommonGroundModel(profiles);
    request.score = (a, b) => model.score(a, b);
    request.indexed = model.forMembers(ids);
  }
  const plan = planRounds(request);
  const out = {
    rounds: plan.rounds.map((r) => ({
      groups: r.groups.map((g) => g.members),
      score: round6(r.score),
      ...(r.unplaced.length > 0 ? { unplaced: r.unplaced } : {}),
    })),
    repeats: plan.repeats,
    ms: Math.round(plan.ms),
    seed: plan.seed,
  };
  io.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}
