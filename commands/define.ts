import type { z } from "zod";
import type { Precondition } from "../src/command-definition.ts";
import type { CommandContext } from "../src/commands-context.ts";
import type { Reply } from "../src/platform/inbound.ts";
import type { CommandDefinition } from "./types.ts";

type Needs = Record<string, Precondition>;
/** The values a command's preconditions found, by the names it gave them. */
type Found<N extends Needs> = { [K in keyof N]: N[K] extends Precondition<infer T> ? T : never };

/** A command as written in commands/: its definition, plus the preconditions its `run` needs passed. */
export interface CommandSpec<S extends z.ZodObject, N extends Needs> extends Omit<CommandDefinition<S>, "run"> {
  /** Checked in order once the options parsed; the first that fails answers instead of `run`. */
  needs?: N;
  run(ctx: CommandContext, options: z.infer<S>, found: Found<N>): Promise<Reply>;
}

/**
 * Defines one `/quickmeet` subcommand: the option types come from its zod schema, and what its preconditions found
 * (`needs: { session: sessionHere }`) arrives typed in `run`, so no command re-checks "is a session running here".
 */
export function defineCommand<S extends z.ZodObject, N extends Needs = Record<never, never>>(
  spec: CommandSpec<S, N>,
): CommandDefinition<S> {
  const { needs, run, ...definition } = spec;
  return {
    ...definition,
    async run(ctx, options) {
      const found: Record<string, unknown> = {};
      for (const [name, check] of Object.entries(needs ?? {})) {
        const checked = await check(ctx);
        if (!checked.ok) return checked.reply;
        found[name] = checked.value;
      }
      // Filled key by key from `needs` just above, so it holds exactly Found<N>.
      return run(ctx, options, found as Found<N>);
    },
  };
}
