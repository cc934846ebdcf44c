import type { CommonGroundItem } from "../common-ground/types.ts";
import { PLACEHOLDERS, type Placeholder, placeholdersOf } from "./bank.ts";
import type { Question, QuestionBank, QuestionChoice } from "./types.ts";

/**
 * Fit of a question to a group, by tier: a question written for one of their topics (3 + that item's weight) beats a
 * template filled with a shared thing (2 + weight), which beats a general question (1). With nothing shared, the
 * "find three things in common" fallbacks come first (1) and general questions after them (0).
 */
const TOPIC_FIT = 3;
const TEMPLATE_FIT = 2;
const GENERAL_FIT = 1;
/** Questions within this much of the best fit count as equally good; the seed picks among them for variety. */
const TIER_WIDTH = 0.5;

interface Candidate {
  question: Question;
  fit: number;
  builtOnGround: boolean;
}

/**
 * The item that fills a placeholder. Only things the whole group shares qualify: "You share an interest in chess"
 * must not be said to the third member of a trio who never mentioned chess. Items arrive ordered "shared by all
 * first, strongest first", so the first match is the best thing to name.
 */
function filler(
  items: readonly CommonGroundItem[],
  placeholder: Placeholder,
  size: number,
): CommonGroundItem | undefined {
  return items.find((i) => i.kind === PLACEHOLDERS[placeholder] && i.members.length >= size);
}

/** What a shared thing is worth to the whole group: a pair's topic in a trio leaves one member out, so it counts less. */
function coverage(item: CommonGroundItem, size: number): number {
  return item.weight * Math.min(1, item.members.length / size);
}

function fitOf(question: Question, items: readonly CommonGroundItem[], size: number): Candidate | undefined {
  const shared = items.length > 0;
  if (question.kind === "fallback") return shared ? undefined : { question, fit: GENERAL_FIT, builtOnGround: false };
  if (question.template) {
    const fills = placeholdersOf(question.text).map((p) => filler(items, p as Placeholder, size));
    if (fills.some((f) => f === undefined)) return undefined;
    const weight = Math.max(...fills.map((f) => f?.weight ?? 0));
    const topical =
      question.topics.length === 0 || fills.some((f) => f !== undefined && question.topics.includes(f.topic));
    return topical ? { question, fit: TEMPLATE_FIT + weight, builtOnGround: true } : undefined;
  }
  if (question.topics.length > 0) {
    // A topic may also name a kind ("timezone") to fit any item of that kind.
    const matches = items.filter((i) => question.topics.includes(i.topic) || question.topics.includes(i.kind));
    if (matches.length === 0) return undefined;
    return { question, fit: TOPIC_FIT + Math.max(...matches.map((i) => coverage(i, size))), builtOnGround: true };
  }
  return { question, fit: shared ? GENERAL_FIT : 0, builtOnGround: false };
}

/** FNV-1a over seed and id: a stable, well-spread tie-break so the same seed always picks the same question. */
function hash(seed: string, id: string): number {
  let h = 0x811c9dc5;
  const text = `${seed}\u0000${id}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fills {interest}, {field}, {city} with the labels of the group's strongest matching items. */
export function renderQuestion(
  question: Question,
  items: readonly CommonGroundItem[],
  size = groupSize(items, {}),
): string {
  return question.text.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    name in PLACEHOLDERS ? (filler(items, name as Placeholder, size)?.label ?? whole) : whole,
  );
}

/** Group members known to the chooser: everyone named by an item or by `asked`. */
function groupSize(items: readonly CommonGroundItem[], asked: Readonly<Record<string, readonly string[]>>): number {
  return new Set([...items.flatMap((i) => i.members), ...Object.keys(asked)]).size;
}

/**
 * Picks the question that best fits what the group shares, never one any member was already asked while another
 * fits (when all fitting ones were asked, the one asked to the fewest members). Deterministic for a given seed.
 * `asked` maps each group member to the question ids they have been asked; list every member (even with []) so a
 * trio's third member is known when only two of them share something.
 */
export function chooseQuestion(args: {
  commonGround: readonly CommonGroundItem[];
  asked: Readonly<Record<string, readonly string[]>>;
  bank: QuestionBank;
  seed: string;
}): QuestionChoice {
  const { commonGround, asked, bank, seed } = args;
  const timesAsked = new Map<string, number>();
  for (const ids of Object.values(asked))
    for (const id of new Set(ids)) timesAsked.set(id, (timesAsked.get(id) ?? 0) + 1);
  const size = groupSize(commonGround, asked);
  const fitting = bank.questions
    .map((q) => fitOf(q, commonGround, size))
    .filter((c): c is Candidate => c !== undefined);
  if (fitting.length === 0)
    throw new Error("The question bank has no question that fits; it needs at least one general question");
  const fresh = fitting.filter((c) => !timesAsked.has(c.question.id));
  const pool = fresh.length > 0 ? fresh : fewestAsked(fitting, timesAsked);
  const best = Math.max(...pool.map((c) => c.fit));
  const tier = pool.filter((c) => c.fit >= best - TIER_WIDTH);
  const chosen = tier.reduce((a, b) => (hash(seed, b.question.id) < hash(seed, a.question.id) ? b : a));
  return {
    questionId: chosen.question.id,
    question: renderQuestion(chosen.question, commonGround, size),
    fallback: !chosen.builtOnGround,
  };
}

function fewestAsked(candidates: Candidate[], timesAsked: ReadonlyMap<string, number>): Candidate[] {
  const least = Math.min(...candidates.map((c) => timesAsked.get(c.question.id) ?? 0));
  return candidates.filter((c) => (timesAsked.get(c.question.id) ?? 0) === least);
}
