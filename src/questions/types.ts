/** What a question is about; decides when it fits a group. */
export type QuestionKind = "interest" | "field" | "goal" | "place" | "light" | "deeper" | "fallback";

export interface Question {
  /** Stable id, stored in members' asked history; never reuse one for a different question. */
  id: string;
  /** Text, possibly with placeholders {interest}, {field}, {city} filled from the group's common ground. */
  text: string;
  kind: QuestionKind;
  /**
   * Topic keys it fits: normalised tags (as produced by normalizeTag), goal topics ("hiring-job", "mentor-mentee",
   * "collaborators", "friends") or a common-ground kind ("timezone") for any item of that kind; [] = general.
   */
  topics: string[];
  /** True when the text has placeholders; derived from the text at load. */
  template: boolean;
}

export interface QuestionBank {
  questions: readonly Question[];
}

/** The question picked for one group. */
export interface QuestionChoice {
  questionId: string;
  /** Rendered text, placeholders filled. */
  question: string;
  /** True when the question is not built on the group's common ground (none known, or every fitting one used). */
  fallback: boolean;
}
