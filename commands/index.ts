import { block } from "./block.ts";
import { config } from "./config.ts";
import { end } from "./end.ts";
import { forgetMe } from "./forget-me.ts";
import { join } from "./join.ts";
import { leave } from "./leave.ts";
import { me } from "./me.ts";
import { pause } from "./pause.ts";
import { profile } from "./profile.ts";
import { start } from "./start.ts";
import { status } from "./status.ts";
import type { CommandDefinition } from "./types.ts";

/** Every `/quickmeet` subcommand, in the order help lists them. Adapters register exactly these. */
export const commands: readonly CommandDefinition[] = [
  start,
  join,
  leave,
  status,
  end,
  profile,
  me,
  pause,
  block,
  forgetMe,
  config,
] as unknown as readonly CommandDefinition[];

export type { CommandDefinition } from "./types.ts";
