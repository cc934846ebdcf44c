import type { CommunitySettings } from "./domain/types.ts";
import type { Engine } from "./engine.ts";
import type { Invocation } from "./platform/inbound.ts";
import type { ChatPlatform } from "./platform/port.ts";

/** What a command handler gets: the invocation, the engine, and facts already looked up for it. */
export interface CommandContext {
  invocation: Invocation;
  engine: Engine;
  platform: ChatPlatform;
  settings: CommunitySettings;
  /** Whether the actor is an organizer here (admin, organizer role, or listed organizer). */
  isOrganizer: boolean;
  /** The command came from a form submission (its values are echoed back on error so nothing is lost). */
  fromForm: boolean;
}
