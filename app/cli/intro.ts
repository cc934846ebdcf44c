import { z } from "zod";
import type { ProfileInput } from "../../src/common-ground/types.ts";
import { loadQuestionBank } from "../../src/questions/bank.ts";
import { buildIntro } from "../../src/questions/intro.ts";
import { issueLines, memberSchema, readJsonInput, toProfileInput } from "./input.ts";
import type { CliIo } from "./io.ts";
import { EXIT_BAD_INPUT } from "./io.ts";

const USAGE = "Usage: quickmeet intro --input group.json [--seed S]\n";

/** An input that `intro` accepts, shown by `--help` and README (a test runs it). */
export const INTRO_EXAMPLE = {
  members: [
    { id: "amara", name: "Amara", interests: ["podcasts", "hiking"], field: "PR", lookingFor: ["mentor"] },
    { id: "jamal", name: "Jamal", interests: ["podcasts"], field: "Journalism", lookingFor: ["mentee"] },
  ],
  asked: { amara: ["interest-origin"] },
  customQuestions: [{ id: "c1", text: "What podcast episode would you send the other one first?" }],
};

const HELP = `${USAGE}
Prints, as JSON, the intro a group would get: what its members share and the question built on it.

group.json (one object; only "members" is required):
  members          2 or 3 members: {"id", "name"?, "interests"?: [text], "field"?, "city"?, "timeZone"? (IANA),
                   "lookingFor"?: [mentor|mentee|job|hiring|collaborators|friends], "funFact"?}
  asked            optional {"id": [question ids]}: questions each member already had (not asked again)
  customQuestions  optional [{"id", "text"}]: an organizer's own questions, added to the shipped bank

Example:
${JSON.stringify(INTRO_EXAMPLE, null, 2)}
`;

const groupSchema = z
  .object({
    members: z.array(memberSchema).min(2, "a group has 2 or 3 members").max(3, "a group has 2 or 3 members"),
    asked: z.record(z.string(), z.array(z.string())).default({}),
    customQuestions: z.array(z.object({ id: z.string(), text: z.string() }).strict()).default([]),
  })
  .strict();

function parseArgs(args: readonly string[]): { input: string; seed: string } | string {
  let input: string | undefined;
  let seed = "quickmeet";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === "--input" || arg === "--seed") {
      if (value === undefined || value.startsWith("--")) return `${arg} needs a value`;
      if (arg === "--input") input = value;
      else seed = value;
      i++;
    } else return `unknown argument "${arg}"`;
  }
  return input === undefined ? "--input is required" : { input, seed };
}

/**
 * `quickmeet intro --input group.json [--seed S]`: prints, as JSON, the intro (common ground and question) a group
 * would get. Bad arguments or input print a message naming the field and return exit code 2.
 */
export async function runIntroCli(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes("--help")) {
    io.stdout.write(HELP);
    return 0;
  }
  const parsedArgs = parseArgs(args);
  const fail = (message: string) => {
    io.stderr.write(`${message}\n`);
    return EXIT_BAD_INPUT;
  };
  if (typeof parsedArgs === "string") return fail(`${parsedArgs}\n${USAGE}`);
  const raw = await readJsonInput(parsedArgs.input);
  if (typeof raw === "string") return fail(raw);
  const parsed = groupSchema.safeParse(raw.value);
  if (!parsed.success) {
    const lines = issueLines(parsed.error).map((l) => `  ${l}`);
    return fail(`Bad input in ${parsedArgs.input}:\n${lines.join("\n")}`);
  }
  const members: ProfileInput[] = parsed.data.members.map(toProfileInput);
  const ids = members.map((m) => m.userId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined)
    return fail(`Bad input in ${parsedArgs.input}:\n  members: id "${duplicate}" appears twice`);
  let bank: ReturnType<typeof loadQuestionBank>;
  try {
    bank = loadQuestionBank(parsed.data.customQuestions);
  } catch (error) {
    return fail(`Bad input in ${parsedArgs.input}:\n  customQuestions: ${(error as Error).message}`);
  }
  const intro = buildIntro({ members, asked: parsed.data.asked, bank, seed: parsedArgs.seed });
  const commonGround = intro.commonGround.map((item) => ({ ...item, weight: Math.round(item.weight * 1000) / 1000 }));
  io.stdout.write(`${JSON.stringify({ ...intro, commonGround }, null, 2)}\n`);
  return 0;
}
