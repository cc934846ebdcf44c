import { z } from "zod";
import { LIMITS } from "../src/config.ts";

/** Shared option schemas, so `start` and `config` validate session options with the same limits and words. */
const int = (name: string, { min, max }: { min: number; max: number }) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

export const sessionOptionSchemas = {
  rounds: int("rounds", LIMITS.rounds).optional(),
  minutes: int("minutes", LIMITS.minutesPerRound).optional(),
  lobby_minutes: int("lobby_minutes", LIMITS.lobbyMinutes).optional(),
  group_size: z.coerce
    .number()
    .refine((n) => n === 2 || n === 3, "group_size must be 2 (pairs, a trio when the count is odd) or 3 (trios)")
    .transform((n) => n as 2 | 3)
    .optional(),
  break_seconds: int("break_seconds", LIMITS.breakSeconds).optional(),
};

export const sessionOptionDocs = {
  rounds: {
    description: `Number of rounds (${LIMITS.rounds.min}-${LIMITS.rounds.max})`,
    type: "integer",
    min: LIMITS.rounds.min,
    max: LIMITS.rounds.max,
  },
  minutes: {
    description: `Minutes per round (${LIMITS.minutesPerRound.min}-${LIMITS.minutesPerRound.max})`,
    type: "integer",
    min: LIMITS.minutesPerRound.min,
    max: LIMITS.minutesPerRound.max,
  },
  lobby_minutes: {
    description: `Minutes the lobby stays open (${LIMITS.lobbyMinutes.min}-${LIMITS.lobbyMinutes.max})`,
    type: "integer",
    min: LIMITS.lobbyMinutes.min,
    max: LIMITS.lobbyMinutes.max,
  },
  group_size: { description: "2 = pairs (a trio if odd), 3 = trios", type: "integer", choices: [2, 3] },
  break_seconds: {
    description: `Break between rounds in seconds (${LIMITS.breakSeconds.min}-${LIMITS.breakSeconds.max})`,
    type: "integer",
    min: LIMITS.breakSeconds.min,
    max: LIMITS.breakSeconds.max,
  },
} as const;

/** Accepts a platform mention (`<@U123>`, `<@!123>`, `<@U123|name>`) or a bare id. */
export const userId = (name: string) =>
  z
    .string({ message: `${name} is required: mention the member` })
    .trim()
    .transform((v) => v.replace(/^<@!?([^>|]+)(\|[^>]*)?>$/, "$1"))
    .refine((v) => /^[A-Za-z0-9_.-]{1,64}$/.test(v), `${name} must be a member mention such as @alex`);

/** Booleans typed as text on Slack ("yes", "true") or sent as booleans by Discord. */
export const flag = z.preprocess(
  (v) => (typeof v === "string" ? ["true", "yes", "y", "1", "on"].includes(v.trim().toLowerCase()) : v),
  z.boolean(),
);
