import { performance } from "node:perf_hooks";
import { buildCommonGroundModel, describeCommonGround, type ProfileInput } from "../src/common-ground/index.ts";
import { attributeItems, chosenOnly, type SignalOrigins, withSignals } from "../src/common-ground/signals.ts";
import { syntheticProfiles } from "../src/common-ground/synthetic.ts";
import type { InterestSignal } from "../src/domain/types.ts";
import { createRng } from "../src/pairing/rng.ts";
import { computePlan } from "../src/session/plan-compute.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * Common ground without filling a form (issue 23): 1,000 members, 30% with a profile, everyone in 2–5 of 40
 * organizer-chosen roles/channels (and 1–3 of 20 the organizers did not choose). The engine pairs them exactly as a
 * round does (signals merged with `withSignals`, the platform's answer filtered with `chosenOnly`), and every pair's
 * intro is checked: does it show common ground, is every role/channel it names one both really hold and one an
 * organizer chose. The profile-only row is the same community with signals switched off.
 */
const CHOSEN = 40;
const UNCHOSEN = 20;
// Real role menus and interest channels: tags that are not all in the profiles' vocabulary.
// biome-ignore format: a table
const NAMES = [
  "podcasting", "crisis-comms", "nyc", "data-viz", "photography", "mentoring", "freelance", "ux-research",
  "climate", "sports-media", "investigative", "social-media", "ai", "startups", "nonprofits", "film", "music",
  "gaming", "books", "running", "hiking", "cooking", "travel", "design", "marketing", "public-relations",
  "journalism", "brand-strategy", "newsletters", "video", "audio", "seo", "events", "alumni-2020", "alumni-2021",
  "remote-work", "parents", "chicago", "london", "berlin",
];

function community(n: number, seed: string) {
  const rng = createRng(seed, "signals");
  const chosen: InterestSignal[] = NAMES.slice(0, CHOSEN).map((name, i) => ({
    kind: i % 2 === 0 ? "channel" : "role",
    id: `S${i}`,
    name,
    tag: name,
  }));
  const profiles = syntheticProfiles(n, seed);
  const held = new Map<string, string[]>();
  const members: ProfileInput[] = profiles.map((p, i) => {
    // A few popular channels, a long tail: channel sizes in real workspaces are skewed.
    const ids = new Set<string>();
    const count = 2 + Math.floor(rng() * 4);
    while (ids.size < count) ids.add(`S${Math.min(CHOSEN - 1, Math.floor(CHOSEN * rng() ** 1.5))}`);
    const unchosen = 1 + Math.floor(rng() * 3);
    for (let k = 0; k < unchosen; k++) ids.add(`X${Math.floor(rng() * UNCHOSEN)}`);
    held.set(p.userId, [...ids]);
    const withProfile = i % 10 < 3;
    return withProfile ? p : { userId: p.userId, displayName: p.displayName, interests: [], lookingFor: [] };
  });
  return { chosen, held, members };
}

function run(n: number, useSignals: boolean): BenchRow {
  const { chosen, held, members } = community(n, "signals-1");
  const origins: SignalOrigins = new Map();
  const inputs = members.map((p) => {
    if (!useSignals) return p;
    const merged = withSignals(p, chosenOnly(chosen, held.get(p.userId)));
    if (merged.origins.size > 0) origins.set(p.userId, merged.origins);
    return merged.profile;
  });
  const t0 = performance.now();
  const plan = computePlan({
    profiles: inputs,
    history: [],
    blocks: [],
    groupSize: 2,
    rounds: 1,
    seed: "signals",
    trioCounts: [],
    now: 0,
  });
  const ms = performance.now() - t0;
  const model = buildCommonGroundModel(inputs);
  const chosenIds = new Set(chosen.map((s) => s.id));
  let pairs = 0;
  let shown = 0;
  let viaSignal = 0;
  let wrong = 0;
  for (const group of plan.rounds[0]?.groups ?? []) {
    pairs++;
    const items = attributeItems(model.explain(group.members), origins);
    const names = Object.fromEntries(group.members.map((m) => [m, m]));
    if (describeCommonGround(items, names).length > 0) shown++;
    if (items.some((i) => i.via)) viaSignal++;
    for (const item of items) {
      if (!item.via) continue;
      const signal = chosen.find((s) => s.name === item.via?.name);
      const real =
        signal !== undefined &&
        chosenIds.has(signal.id) &&
        item.members.every((m) => held.get(m)?.includes(signal.id) === true);
      if (!real) wrong++;
    }
  }
  return {
    bench: "signals",
    case: useSignals ? "profile + roles/channels" : "profile only",
    members: n,
    profiles: "30%",
    pairs,
    shownCommonGround: pairs === 0 ? 0 : shown / pairs,
    namingRoleOrChannel: pairs === 0 ? 0 : viaSignal / pairs,
    unchosenOrUnheldShown: wrong,
    planMs: Math.round(ms),
    pass: useSignals ? shown / pairs >= 0.9 && wrong === 0 : null,
  };
}

const bench: BenchFn = async ({ quick }) => {
  const n = quick ? 300 : 1000;
  return [run(n, false), run(n, true)];
};

export default bench;
