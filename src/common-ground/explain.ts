import { type EncodedMember, GOAL_BIT, NONE, sameCity, sameField } from "./features.ts";
import type { ModelIndex } from "./model-index.ts";
import { tidyLabel } from "./normalize.ts";
import type { CommonGroundItem, CommonGroundKind } from "./types.ts";
import { WEIGHTS } from "./weights.ts";

/** One thing a pair shares, before pairs are merged into group-wide items. */
export interface PairItem {
  kind: CommonGroundKind;
  topic: string;
  weight: number;
  /** Two member ids; for directional goals the order carries the roles. */
  members: [string, string];
  /** Feature id, or NONE for goal items (their label is fixed). */
  feature: number;
  /** Directional goal items are inherently about two people and are never merged. */
  directional: boolean;
}

/** Goal item labels and topics; describe.ts turns the topics into sentences with names. */
export const GOAL_TOPICS = {
  "mentor-mentee": "mentoring",
  "hiring-job": "hiring and job seeking",
  collaborators: "looking for collaborators",
  friends: "making friends",
} as const;

function goalItems(a: EncodedMember, b: EncodedMember): PairItem[] {
  const out: PairItem[] = [];
  const { mentor, mentee, job, hiring, collaborators, friends } = GOAL_BIT;
  const item = (topic: keyof typeof GOAL_TOPICS, members: [string, string], weight: number, directional: boolean) =>
    out.push({ kind: "goal", topic, weight, members, feature: NONE, directional });
  if (a.goals & mentor && b.goals & mentee) item("mentor-mentee", [a.id, b.id], WEIGHTS.complementaryGoal, true);
  else if (a.goals & mentee && b.goals & mentor) item("mentor-mentee", [b.id, a.id], WEIGHTS.complementaryGoal, true);
  if (a.goals & hiring && b.goals & job) item("hiring-job", [a.id, b.id], WEIGHTS.complementaryGoal, true);
  else if (a.goals & job && b.goals & hiring) item("hiring-job", [b.id, a.id], WEIGHTS.complementaryGoal, true);
  if (a.goals & b.goals & collaborators) item("collaborators", [a.id, b.id], WEIGHTS.sharedCollaborators, false);
  if (a.goals & b.goals & friends) item("friends", [a.id, b.id], WEIGHTS.sharedFriends, false);
  return out;
}

/** The items of one pair; their weights add up to exactly the pair's score. */
export function pairItems(index: ModelIndex, a: EncodedMember, b: EncodedMember): PairItem[] {
  const out: PairItem[] = [];
  const members: [string, string] = [a.id, b.id];
  const feature = (kind: CommonGroundKind, f: number, weight: number) =>
    out.push({ kind, topic: index.dict.topic(f), weight, members, feature: f, directional: false });
  const x = a.interests;
  const y = b.interests;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i] === y[j]) {
      feature("interest", x[i]!, index.weight[x[i]!]!);
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  if (sameField(a, b)) feature("field", a.field, WEIGHTS.sameField);
  let place = true;
  if (sameCity(a, b)) feature("city", a.city, WEIGHTS.sameCity);
  else if (a.region !== NONE && a.region === b.region) feature("city", a.region, WEIGHTS.sameRegion);
  else place = false;
  if (!place && a.timeZone !== NONE && a.timeZone === b.timeZone) feature("timezone", a.timeZone, WEIGHTS.sameTimeZone);
  return [...out, ...goalItems(a, b)];
}

function labelFor(index: ModelIndex, item: PairItem, holder: EncodedMember): string {
  if (item.kind === "goal") return GOAL_TOPICS[item.topic as keyof typeof GOAL_TOPICS] ?? item.topic;
  const f = item.feature;
  // Two members who wrote "PR" and "Public relations" see the canonical form; otherwise the member's own spelling.
  if (index.dict.canonical[f]) return index.dict.topic(f);
  const own =
    item.kind === "interest"
      ? holder.interestLabels[holder.interests.indexOf(f)]
      : item.kind === "field"
        ? holder.fieldLabel
        : item.kind === "timezone"
          ? holder.timeZoneLabel
          : f === holder.city
            ? holder.cityLabel
            : holder.regionLabel;
  const tidy = own === undefined ? "" : tidyLabel(own);
  return tidy !== "" ? tidy : index.dict.topic(f);
}

const KIND_ORDER: Record<CommonGroundKind, number> = { goal: 0, interest: 1, field: 2, city: 3, timezone: 4 };

/**
 * Merges pair items into group items: a thing every pair within a set of members shares becomes one item naming all
 * of them (in a trio, "all three like hiking"); anything else stays pairwise. Order: items naming more members first,
 * then by weight, then by kind and label so the order is stable.
 */
export function mergeItems(index: ModelIndex, group: readonly EncodedMember[], pairs: PairItem[]): CommonGroundItem[] {
  const order = new Map(group.map((m, i) => [m.id, i]));
  const byKey = new Map<string, PairItem[]>();
  const out: CommonGroundItem[] = [];
  for (const p of pairs) {
    const key = `${p.kind}\u0000${p.topic}`;
    if (p.directional) continue;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [p]);
    else list.push(p);
  }
  const emit = (p: PairItem, memberIds: string[]) => {
    const sorted = memberIds.sort((u, v) => (order.get(u) ?? 0) - (order.get(v) ?? 0));
    const holder = group[order.get(sorted[0]!) ?? 0]!;
    out.push({ kind: p.kind, label: labelFor(index, p, holder), members: sorted, weight: p.weight, topic: p.topic });
  };
  for (const list of byKey.values()) {
    const union = [...new Set(list.flatMap((p) => p.members))];
    // A clique (every pair inside the union shares it) becomes one item; a partial overlap stays pairwise.
    if ((union.length * (union.length - 1)) / 2 === list.length) emit(list[0]!, union);
    else for (const p of list) emit(p, [...p.members]);
  }
  for (const p of pairs)
    if (p.directional) out.push({ ...p, label: labelFor(index, p, group[0]!), members: [...p.members] });
  return out
    .map(({ kind, label, members, weight, topic }) => ({ kind, label, members, weight, topic }))
    .sort(
      (a, b) =>
        b.members.length - a.members.length ||
        b.weight - a.weight ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        a.label.localeCompare(b.label),
    );
}
