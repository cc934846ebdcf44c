import { z } from "zod";
import shipped from "./bank.json" with { type: "json" };
import type { Question, QuestionBank, QuestionKind } from "./types.ts";

/** Placeholders a question may use, and the common-ground kind that fills each. */
export const PLACEHOLDERS = { interest: "interest", field: "field", city: "city" } as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholder names used in a question text, in order of appearance. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
}

const KINDS = ["interest", "field", "goal", "place", "light", "deeper", "fallback"] as const satisfies QuestionKind[];

const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:[-:][a-z0-9]+)*$/, "must be lower-case kebab-case, e.g. interest-origin-1"),
    text: z
      .string()
      .trim()
      .min(10, "must be a full question (10+ characters)")
      .max(300, "must fit in a chat message (300 characters at most)")
      .refine((t) => placeholdersOf(t).every((p) => p in PLACEHOLDERS), {
        message: `may only use the placeholders ${Object.keys(PLACEHOLDERS)
          .map((p) => `{${p}}`)
          .join(", ")}`,
      }),
    kind: z.enum(KINDS),
    topics: z.array(z.string().min(1, "topics must not be empty strings")).default([]),
  })
  .strict();

// Organizers' ids come from the community's own tooling, so any short non-empty id is accepted.
const customSchema = questionSchema.extend({ id: z.string().trim().min(1, "must not be empty").max(100) });

const bankSchema = z.object({ version: z.literal(1).optional(), questions: z.array(questionSchema).min(1) }).strict();

function describeIssue(data: unknown, issue: z.core.$ZodIssue): string {
  const [top, index, field, ...rest] = issue.path;
  if (top === "questions" && typeof index === "number") {
    const entry = (data as { questions: unknown[] }).questions[index];
    const id = typeof entry === "object" && entry !== null && "id" in entry ? ` ("${String(entry.id)}")` : "";
    const where = field === undefined ? "" : `, field "${[field, ...rest].join(".")}"`;
    return `Question bank entry ${index}${id}${where}: ${issue.message}`;
  }
  return `Question bank${issue.path.length > 0 ? ` field "${issue.path.join(".")}"` : ""}: ${issue.message}`;
}

function finish(entries: readonly z.infer<typeof questionSchema>[]): Question[] {
  const seen = new Set<string>();
  return entries.map((q, index) => {
    if (seen.has(q.id)) throw new Error(`Question bank entry ${index} ("${q.id}"), field "id": duplicate id`);
    seen.add(q.id);
    const template = placeholdersOf(q.text).length > 0;
    // A fallback is asked when nothing is shared, so it has nothing to fill a placeholder with.
    if (template && q.kind === "fallback") {
      throw new Error(
        `Question bank entry ${index} ("${q.id}"), field "text": a fallback question cannot use placeholders`,
      );
    }
    return { id: q.id, text: q.text, kind: q.kind, topics: q.topics, template };
  });
}

/**
 * Validates question bank data (`{ questions: [{ id, text, kind, topics? }] }`); throws an Error naming the entry,
 * its id and the field at fault.
 */
export function validateQuestionBank(data: unknown): QuestionBank {
  const parsed = bankSchema.safeParse(data);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => describeIssue(data, i)).join("\n"));
  return { questions: finish(parsed.data.questions) };
}

/** Kind of an organizer's question, guessed from its placeholders (custom questions carry only id and text). */
function customKind(text: string): QuestionKind {
  const used = placeholdersOf(text);
  if (used.includes("interest")) return "interest";
  if (used.includes("field")) return "field";
  if (used.includes("city")) return "place";
  return "light";
}

let shippedBank: QuestionBank | undefined;

/**
 * The shipped bank (validated once) plus a community's custom questions. Custom questions are general unless their
 * text uses a placeholder; a custom id that clashes with a shipped one, or a bad text, throws naming the question.
 */
export function loadQuestionBank(custom: readonly { id: string; text: string }[] = []): QuestionBank {
  shippedBank ??= validateQuestionBank(shipped);
  if (custom.length === 0) return shippedBank;
  const extra = custom.map((q, index) => {
    const parsed = customSchema.safeParse({ id: q.id, text: q.text, kind: customKind(q.text), topics: [] });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Custom question ${index} ("${q.id}"), field "${issue?.path.join(".")}": ${issue?.message}`);
    }
    return parsed.data;
  });
  return { questions: finish([...shippedBank.questions, ...extra]) };
}
