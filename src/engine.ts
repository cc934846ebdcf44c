import type { EngineParts } from "./engine-parts.ts";
import type { Lifecycle } from "./session/lifecycle.ts";

/** The engine as createBot composes it: the shared parts, and the session lifecycle built over them once. */
export interface Engine extends EngineParts {
  /** Sessions from lobby to summary, with the rounds they drive. */
  lifecycle: Lifecycle;
}
