import { describeCommonGround } from "../common-ground/describe.ts";
import { buildCommonGroundModel } from "../common-ground/model.ts";
import type { CommonGroundItem, CommonGroundModel, ProfileInput } from "../common-ground/types.ts";
import { loadQuestionBank } from "./bank.ts";
import { chooseQuestion } from "./choose.ts";
import type { QuestionBank } from "./types.ts";

/** The opening of one group's conversation: what they share and the question built on it. */
export interface Intro {
  commonGround: CommonGroundItem[];
  questionId: string;
  question: string;
  /** Plain-text message (the CLI prints it; the bot renders its own message from the fields above). */
  text: string;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * Builds the intro for a group. Pass the community's `model` so rarity is judged against the whole community; without
 * one, a model of just these members is built (shared interests then all weigh the same).
 */
export function buildIntro(args: {
  members: readonly ProfileInput[];
  model?: CommonGroundModel;
  asked?: Readonly<Record<string, readonly string[]>>;
  bank?: QuestionBank;
  seed: string;
}): Intro {
  const model = args.model ?? buildCommonGroundModel(args.members);
  const ids = args.members.map((m) => m.userId);
  const names = Object.fromEntries(args.members.map((m) => [m.userId, m.displayName || m.userId]));
  const commonGround = model.explain(ids);
  const choice = chooseQuestion({
    commonGround,
    asked: { ...Object.fromEntries(ids.map((id) => [id, []])), ...args.asked },
    bank: args.bank ?? loadQuestionBank(),
    seed: args.seed,
  });
  const shared = describeCommonGround(commonGround, names);
  const lines = [`Meet ${joinNames(ids.map((id) => names[id] ?? id))}!`];
  lines.push(
    shared.length === 0
      ? "We don't know what you have in common yet, so that's your first job."
      : `What you have in common:\n${shared.map((l) => `- ${l}`).join("\n")}`,
  );
  lines.push(`Question: ${choice.question}`);
  return { commonGround, questionId: choice.questionId, question: choice.question, text: lines.join("\n") };
}
