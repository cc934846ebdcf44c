/**
 * Common ground: what a group shares and how much it weighs (for pairing). Pure functions over plain data; no
 * platform, no store. The question that opens a conversation is chosen from it in src/questions.
 */
export { describeCommonGround } from "./describe.ts";
export { buildCommonGroundModel } from "./model.ts";
export { normalizePlace, normalizeTag } from "./normalize.ts";
export type { CommonGroundItem, CommonGroundKind, CommonGroundModel, ProfileInput } from "./types.ts";
export { WEIGHTS } from "./weights.ts";
