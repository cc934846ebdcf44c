/**
 * Questions: the shipped bank and the question that opens a group's conversation, chosen from what the group shares
 * (src/common-ground) and what each member was already asked. Pure functions over plain data.
 */
export { loadQuestionBank, validateQuestionBank } from "./bank.ts";
export { chooseQuestion, renderQuestion } from "./choose.ts";
export { buildIntro, type Intro } from "./intro.ts";
export type { Question, QuestionBank, QuestionChoice, QuestionKind } from "./types.ts";
