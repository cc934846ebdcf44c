import { block } from "./block.ts";
import { config } from "./config.ts";
import { end } from "./end.ts";
import { forgetMe } from "./forget-me.ts";
import { join } from "./join.ts";
import { leave } from "./leave.ts";
import { me } from "./me.ts";
import { opt } from "./opt.ts";
import { pause } from "./pause.ts";
import { profile } from "./profile.ts";
import { schedule } from "./schedule.ts";
import { start } from "./start.ts";
import { stats } from "./stats.ts";
import { status } from "./status.ts";
import type { CommandDefinition } from "./types.ts";

/** Every `/quickmeet` subcommand, in the order help lists them. Adapters register exactly these. */
export const commands: readonly CommandDefinition[] = [
  start,
  join,
  leave,
  status,
  end,
  stats,
  profile,
  me,
  pause,
  opt,
  block,
  forgetMe,
  config,
  schedule,
];

export type { CommandDefinition } from "./types.ts";
