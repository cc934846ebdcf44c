/**
 * Common ground and questions: what a group shares, how much it weighs (for pairing), and the question that opens
 * their conversation. Pure functions over plain data; no platform, no store.
 */
export { loadQuestionBank, validateQuestionBank } from "../questions/bank.ts";
export { chooseQuestion, renderQuestion } from "../questions/choose.ts";
export type { Question, QuestionBank, QuestionChoice, QuestionKind } from "../questions/types.ts";
export { describeCommonGround } from "./describe.ts";
export { buildIntro, type Intro } from "./intro.ts";
export { buildCommonGroundModel } from "./model.ts";
export { normalizePlace, normalizeTag } from "./normalize.ts";
export type { CommonGroundItem, CommonGroundKind, CommonGroundModel, ProfileInput } from "./types.ts";
export { WEIGHTS } from "./weights.ts";
