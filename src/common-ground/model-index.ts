import type { FeatureDictionary } from "./features.ts";
import type { ProfileInput } from "./profile-input.ts";

/**
 * Everything the model's queries read; built once by `buildCommonGroundModel` (model.ts) and read by explain.ts. Its
 * own module, so the explanations do not depend on the model that calls them.
 */
export interface ModelIndex {
  /** The profile of each member index (a repeated id: its last profile). */
  profiles: ProfileInput[];
  byId: Map<string, number>;
  dict: FeatureDictionary;
  /** Weight per feature id (see weights.ts). */
  weight: Float64Array;
  /** Member indices holding feature f, ascending: postingsAll[postingsStart[f] .. postingsStart[f + 1]). */
  postingsStart: Int32Array;
  postingsAll: Int32Array;
  /** Feature id of each goal, indexed by bit position (mentor, mentee, job, hiring, collaborators, friends). */
  goalFeature: number[];
}
