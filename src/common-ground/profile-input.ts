import type { Profile } from "../domain/types.ts";

/**
 * The part of a profile common ground is computed from; only id, name, interests and goals are required. A leaf
 * module: the encoders (features.ts) read it without depending on the model's types, which name the candidate search.
 */
export type ProfileInput = Pick<Profile, "userId" | "displayName" | "interests" | "lookingFor"> &
  Partial<Pick<Profile, "field" | "city" | "timeZone" | "funFact">>;
