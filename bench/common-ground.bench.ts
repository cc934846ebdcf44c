import { performance } from "node:perf_hooks";
import { buildCommonGroundModel, describeCommonGround, type ProfileInput } from "../src/common-ground/index.ts";
import type { LookingFor } from "../src/domain/types.ts";
import { chooseQuestion, loadQuestionBank } from "../src/questions/index.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * Synthetic community: interests drawn Zipf-like from popular real tags (typed in many spellings) plus a long tail,
 * 10% empty profiles, fields/cities/time zones/goals at plausible rates. Every generated value carries its true
 * identity, so "common ground found" can be checked against what the pair really shares.
 */
interface Truth {
  tags: Set<number>;
  field: number;
  city: number;
  zone: number;
  /** State/country written after a comma ("Rochester, NY" → "NY"); "" when none was written. */
  region: string;
  goals: Set<LookingFor>;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POPULAR: string[][] = [
  ["hiking", "Hiking", "hikes", "HIKING", "hike"],
  ["coffee", "Coffee", "coffee ☕", "Espresso"],
  ["public relations", "PR", "Public Relations", "P.R."],
  ["photography", "Photography", "photos", "photographer"],
  ["reading", "Reading", "books", "Books"],
  ["travel", "Travel", "travelling", "traveling"],
  ["podcasts", "Podcasts", "podcast", "podcasting"],
  ["video games", "gaming", "Video Games", "videogames"],
  ["javascript", "JavaScript", "JS", "js"],
  ["cooking", "Cooking", "cook", "home cooking"],
  ["running", "Running", "runner", "marathons"],
  ["journalism", "Journalism", "journalist"],
  ["board games", "Board Games", "boardgames", "board-games"],
  ["music", "Music", "musician"],
  ["film", "Film", "movies", "cinema"],
  ["yoga", "Yoga"],
  ["social media", "Social Media", "socialmedia"],
  ["soccer", "Soccer", "fútbol", "futbol"],
  ["artificial intelligence", "AI", "A.I.", "artificial intelligence"],
  ["gardening", "Gardening", "plants", "houseplants"],
  ["café culture", "Café culture", "cafe culture"],
  ["القهوة", "القهوة", "\u200fالقهوة\u200f"],
];
const TAIL_A =
  "urban vintage indie competitive amateur classical modern street digital analog folk wild slow micro retro".split(
    " ",
  );
const TAIL_B = (
  "sketching synths astronomy pottery birding calligraphy knitting origami woodworking beekeeping archery fencing " +
  "kayaking sailing ceramics printmaking foraging bouldering puzzles tarot"
).split(" ");
const FIELDS = [
  ["PR", "Public Relations", "public relations"],
  ["Journalism", "journalist"],
  ["Software Engineering", "software engineer", "SWE"],
  ["Marketing", "marketing"],
  ["Student", "students"],
  ["Design", "designer"],
  ["Nonprofit", "non-profit"],
  ["Data Science", "data scientist"],
  ["Higher Education", "higher ed"],
  ["Sales"],
];
const CITIES: [string[], string][] = [
  [["Rochester, NY", "Rochester"], "America/New_York"],
  [["NYC", "New York, NY", "New York City"], "America/New_York"],
  [["Buffalo, NY"], "America/New_York"],
  [["San Francisco", "SF"], "America/Los_Angeles"],
  [["Los Angeles", "LA"], "America/Los_Angeles"],
  [["Chicago, IL"], "America/Chicago"],
  [["Toronto, ON"], "America/Toronto"],
  [["London, UK"], "Europe/London"],
  [["São Paulo", "Sao Paulo, Brazil"], "America/Sao_Paulo"],
  [["Amman"], "Asia/Amman"],
  [["Philadelphia", "Philly"], "America/New_York"],
  [["Austin, TX"], "America/Chicago"],
];
const GOAL_RATES: [LookingFor, number][] = [
  ["mentor", 0.15],
  ["mentee", 0.08],
  ["job", 0.12],
  ["hiring", 0.04],
  ["collaborators", 0.15],
  ["friends", 0.25],
];

function zipf(random: () => number, n: number, s = 1): number {
  // Inverse-CDF on a precomputed harmonic table would be faster; n is small enough to scan.
  const total = harmonic(n, s);
  let u = random() * total;
  for (let r = 1; r <= n; r++) {
    u -= 1 / r ** s;
    if (u <= 0) return r - 1;
  }
  return n - 1;
}
const harmonicCache = new Map<string, number>();
function harmonic(n: number, s: number): number {
  const key = `${n}:${s}`;
  let h = harmonicCache.get(key);
  if (h === undefined) {
    h = 0;
    for (let r = 1; r <= n; r++) h += 1 / r ** s;
    harmonicCache.set(key, h);
  }
  return h;
}

function community(size: number, seed: number): { profiles: ProfileInput[]; truth: Truth[] } {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const vocabulary: string[][] = [...POPULAR];
  for (const a of TAIL_A)
    for (const b of TAIL_B) vocabulary.push([`${a} ${b}`, `${a[0]!.toUpperCase()}${a.slice(1)} ${b}`]);
  const profiles: ProfileInput[] = [];
  const truth: Truth[] = [];
  for (let i = 0; i < size; i++) {
    const t: Truth = { tags: new Set(), field: -1, city: -1, zone: -1, region: "", goals: new Set() };
    const p: ProfileInput = { userId: `m${i}`, displayName: `Member ${i}`, interests: [], lookingFor: [] };
    if (random() >= 0.1) {
      const count = 1 + Math.floor(random() * random() * 7);
      for (let k = 0; k < count; k++) {
        const tag = zipf(random, vocabulary.length, 0.9);
        t.tags.add(tag);
        p.interests.push(pick(vocabulary[tag]!));
      }
      if (random() < 0.7) {
        t.field = zipf(random, FIELDS.length);
        p.field = pick(FIELDS[t.field]!);
      }
      if (random() < 0.6) {
        t.city = zipf(random, CITIES.length, 0.8);
        const [names, zone] = CITIES[t.city]!;
        p.city = pick(names);
        t.region = p.city.includes(",") ? p.city.split(",").at(-1)!.trim() : "";
        if (random() < 0.7) {
          p.timeZone = zone;
          t.zone = CITIES.findIndex(([, z]) => z === zone);
        }
      }
      for (const [goal, rate] of GOAL_RATES) if (random() < rate) t.goals.add(goal);
      p.lookingFor = [...t.goals];
    }
    profiles.push(p);
    truth.push(t);
  }
  return { profiles, truth };
}

function trulyShare(a: Truth, b: Truth): boolean {
  const complement = (x: LookingFor, y: LookingFor) =>
    (a.goals.has(x) && b.goals.has(y)) || (a.goals.has(y) && b.goals.has(x));
  return (
    [...a.tags].some((t) => b.tags.has(t)) ||
    (a.field >= 0 && a.field === b.field) ||
    (a.city >= 0 && a.city === b.city) ||
    (a.zone >= 0 && a.zone === b.zone) ||
    (a.region !== "" && a.region === b.region) ||
    complement("mentor", "mentee") ||
    complement("hiring", "job") ||
    (a.goals.has("collaborators") && b.goals.has("collaborators")) ||
    (a.goals.has("friends") && b.goals.has("friends"))
  );
}

type Pairing = "random" | "greedy-candidates";

function evaluate(size: number, rounds: number, pairing: Pairing): BenchRow {
  const { profiles, truth } = community(size, 7);
  const model = buildCommonGroundModel(profiles);
  const bank = loadQuestionBank();
  const random = rng(11);
  const ids = profiles.map((p) => p.userId);
  const index = new Map(ids.map((id, i) => [id, i]));
  const names = Object.fromEntries(profiles.map((p) => [p.userId, p.displayName]));
  const asked = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  const met = new Set<string>();
  let groups = 0;
  let trueGround = 0;
  let shown = 0;
  let shownWhenTrue = 0;
  let shownWhenFalse = 0;
  let repeated = 0;
  let fallback = 0;
  for (let round = 0; round < rounds; round++) {
    const order = [...ids].sort(() => random() - 0.5);
    const paired = new Set<string>();
    const roundGroups: string[][] = [];
    for (const id of order) {
      if (paired.has(id)) continue;
      paired.add(id);
      let partner: string | undefined;
      if (pairing === "greedy-candidates") {
        partner = model.candidates(id, 20).find((c) => !paired.has(c) && !met.has(`${id}|${c}`));
      }
      partner ??= order.find((c) => !paired.has(c));
      if (partner === undefined) roundGroups.at(-1)?.push(id);
      else {
        paired.add(partner);
        roundGroups.push([id, partner]);
      }
    }
    for (const group of roundGroups) {
      for (const a of group) for (const b of group) met.add(`${a}|${b}`);
      const items = model.explain(group);
      const text = describeCommonGround(items, Object.fromEntries(group.map((m) => [m, names[m]!])));
      const truthShared = group.some((a, i) =>
        group.slice(i + 1).some((b) => trulyShare(truth[index.get(a)!]!, truth[index.get(b)!]!)),
      );
      const choice = chooseQuestion({
        commonGround: items,
        asked: Object.fromEntries(group.map((m) => [m, [...asked.get(m)!]])),
        bank,
        seed: `${round}:${group.join(",")}`,
      });
      groups++;
      if (truthShared) trueGround++;
      if (items.length > 0 && text.length > 0) {
        shown++;
        if (truthShared) shownWhenTrue++;
        else shownWhenFalse++;
      }
      if (group.some((m) => asked.get(m)!.has(choice.questionId))) repeated++;
      if (choice.fallback) fallback++;
      for (const m of group) asked.get(m)!.add(choice.questionId);
    }
  }
  return {
    bench: "common-ground",
    case: `quality ${size} members × ${rounds} rounds`,
    pairing,
    groups,
    truly_share: trueGround / groups,
    found_and_shown: shown / groups,
    recall: trueGround === 0 ? 1 : shownWhenTrue / trueGround,
    shown_without_truth: shownWhenFalse,
    question_on_ground: 1 - fallback / groups,
    repeated_question: repeated / groups,
  };
}

function timeBuild(size: number, runs: number): BenchRow {
  const { profiles } = community(size, 99 + size);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let model = buildCommonGroundModel([]);
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    model = buildCommonGroundModel(profiles);
    const used = process.cpuUsage(cpu);
    times.push(performance.now() - start);
    // CPU time (all threads, GC included) is steadier than wall time on a shared, loaded machine.
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const calls = Math.min(size, 10_000);
  const start = performance.now();
  for (let i = 0; i < calls; i++) model.candidates(`m${i}`, 10);
  const perCall = ((performance.now() - start) * 1000) / calls;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    bench: "common-ground",
    case: `build ${size} members`,
    first_build_ms: times[0]!,
    median_build_ms: sorted[Math.floor(sorted.length / 2)]!,
    min_build_ms: sorted[0]!,
    median_cpu_ms: [...cpuTimes].sort((a, b) => a - b)[Math.floor(cpuTimes.length / 2)]!,
    candidates_k10_us: perCall,
  };
}

const run: BenchFn = async ({ quick }) => {
  const rounds = quick ? 5 : 20;
  const rows = [evaluate(1000, rounds, "random"), evaluate(1000, rounds, "greedy-candidates")];
  for (const size of quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]) rows.push(timeBuild(size, quick ? 3 : 5));
  return rows;
};

export default run;
