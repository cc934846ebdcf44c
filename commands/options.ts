import { z } from "zod";
import { LIMITS } from "../src/config.ts";

/**
 * A whole number option. Slack and the sandbox send text, Discord sends numbers; text must be plain decimal digits
 * (`0x3`, `3e1`, `" "` are refused, where `Number()` would accept them), and every refusal names the option and its
 * range.
 */
export const wholeNumber = (name: string, min: number, max: number) => {
  const expected = `${name} must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ message: expected }).int(expected).min(min, expected).max(max, expected),
  );
};

/** Shared option schemas, so `start` and `config` validate session options with the same limits and words. */
const int = (name: string, { min, max }: { min: number; max: number }) => wholeNumber(name, min, max);

const GROUP_SIZE = "group_size must be 2 (pairs, a trio when the count is odd) or 3 (trios)";

export const sessionOptionSchemas = {
  rounds: int("rounds", LIMITS.rounds).optional(),
  minutes: int("minutes", LIMITS.minutesPerRound).optional(),
  lobby_minutes: int("lobby_minutes", LIMITS.lobbyMinutes).optional(),
  group_size: z
    .preprocess(
      (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
      z.union([z.literal(2), z.literal(3)], { message: GROUP_SIZE }),
    )
    .optional(),
  break_seconds: int("break_seconds", LIMITS.breakSeconds).optional(),
  mode: z
    .preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(["text", "voice"], {
        message: "mode must be text (private conversations) or voice (Discord voice rooms)",
      }),
    )
    .optional(),
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
  mode: {
    description: "text = private conversations; voice = a private voice room per group (Discord)",
    type: "string",
    choices: ["text", "voice"],
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
