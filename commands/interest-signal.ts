import { z } from "zod";
import { type InterestSignal, LOOKING_FOR, type LookingFor } from "../src/domain/types.ts";
import { literal } from "../src/messages/markup.ts";

/** Each chosen channel costs Slack calls at match time (conversations.members, paced per tier): keep the list short. */
export const MAX_INTEREST_SIGNALS = 50;
const MAX_TAG = 40;

const ROLE = /^<@&(\d{5,25})>$/u;
/** Slack sends `<#C123|name>` (name may be empty); Discord `<#123>`. A bare Slack id (C…/G…) works too. */
const CHANNEL = /^<#([A-Z0-9]{5,25})(?:\|([^>]*))?>$|^([CG][A-Z0-9]{5,25})$/u;
const BARE_ROLE = /^(\d{5,25})$/u;

/** `<@&role> tag`, `<#channel> tag`, `<#C1|name>` (tag = the channel's name) or `... goal:mentor`. */
export function parseInterestSignal(raw: string): InterestSignal | string {
  const text = raw.trim();
  const [head = "", ...rest] = text.split(/\s+/u);
  const tail = rest.join(" ").trim();
  const role = ROLE.exec(head) ?? BARE_ROLE.exec(head);
  const channel = role ? null : CHANNEL.exec(head);
  if (!role && !channel)
    return "add_interest starts with a role (@Podcasting) or a channel (#podcasting), then the tag it stands for";
  const id = role ? role[1]! : (channel![1] ?? channel![3]!);
  const channelName = channel?.[2]?.trim() ?? "";
  const goal = /^goal:(\S+)$/iu.exec(tail)?.[1]?.toLowerCase();
  if (goal !== undefined) {
    if (!LOOKING_FOR.includes(goal as LookingFor)) return `add_interest: goal must be one of ${LOOKING_FOR.join(", ")}`;
    return { kind: role ? "role" : "channel", id, name: channelName || goal, goal: goal as LookingFor };
  }
  const tag = tail || channelName;
  if (tag === "") return "add_interest needs the tag it stands for after the role or channel, e.g. podcasting";
  if (tag.length > MAX_TAG) return `add_interest: the tag must be at most ${MAX_TAG} characters`;
  return { kind: role ? "role" : "channel", id, name: channelName || tag, tag };
}

export const interestSignalSchema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const parsed = parseInterestSignal(v);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: parsed });
      return z.NEVER;
    }
    return parsed;
  });

/** A role or channel id from a mention or a bare id (what remove_interest takes). */
export const signalIdSchema = z
  .string()
  .trim()
  .transform((v) => ROLE.exec(v)?.[1] ?? /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/u.exec(v)?.[1] ?? v)
  .refine((v) => /^[A-Z0-9]{5,25}$/u.test(v), "remove_interest must be a role or channel mention, or its id");

/** How config lists one signal: the live mention, then what it counts as (organizer text, shown as typed). */
export function describeSignal(s: InterestSignal): string {
  const where = s.kind === "role" ? `<@&${s.id}>` : `<#${s.id}>`;
  return `${where} → ${s.goal ? `looking for ${s.goal}` : literal(s.tag ?? s.name)}`;
}
