import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ProfileInput } from "../../src/common-ground/types.ts";
import { LOOKING_FOR } from "../../src/domain/types.ts";

/** A member in a CLI input file; `userId`/`displayName` are accepted too, so stored profiles can be pasted as they are. */
export const memberSchema = z
  .object({
    id: z.string().trim().min(1, "must be a non-empty member id").optional(),
    userId: z.string().trim().min(1, "must be a non-empty member id").optional(),
    name: z.string().optional(),
    displayName: z.string().optional(),
    interests: z.array(z.string(), "must be a list of strings").default([]),
    field: z.string().optional(),
    city: z.string().optional(),
    timeZone: z.string().optional(),
    lookingFor: z
      .array(z.enum(LOOKING_FOR, `must be one of: ${LOOKING_FOR.join(", ")}`), "must be a list of goals")
      .default([]),
    funFact: z.string().optional(),
    v: z.number().optional(),
    updatedAt: z.number().optional(),
  })
  .strict()
  .refine((m) => m.id !== undefined || m.userId !== undefined, { message: "needs an id", path: ["id"] });

/** The profile the common-ground model reads, from a validated CLI member. */
export function toProfileInput(m: z.output<typeof memberSchema>): ProfileInput {
  const userId = (m.id ?? m.userId) as string;
  const profile: ProfileInput = {
    userId,
    displayName: m.name ?? m.displayName ?? userId,
    interests: m.interests,
    lookingFor: m.lookingFor,
  };
  for (const key of ["field", "city", "timeZone", "funFact"] as const) if (m[key] !== undefined) profile[key] = m[key];
  return profile;
}

/** `members[1].lookingFor[0]`: the path as a person would write it. */
export function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    "",
  );
}

/** One line per zod issue, naming the field. */
export const issueLines = (error: z.ZodError) =>
  error.issues.map((i) => `${pathOf(i.path) || "(top level)"}: ${i.message}`);

/** Reads and parses a JSON input file; a string is the reason it could not be read. */
export async function readJsonInput(file: string): Promise<{ value: unknown } | string> {
  try {
    return { value: JSON.parse(await readFile(file, "utf8")) as unknown };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    return `Cannot read ${file}: ${reason}`;
  }
}
