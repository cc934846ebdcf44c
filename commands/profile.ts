import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { ownSignals, setProfileOnly } from "../src/community/signals.ts";
import { LOOKING_FOR, type LookingFor, type Profile, SCHEMA_VERSION } from "../src/domain/types.ts";
import type { EngineParts } from "../src/engine-parts.ts";
import { literal } from "../src/messages/markup.ts";
import { profileOnlySet, signalsPart } from "../src/messages/signals.ts";
import type { ActionReply, Invocation } from "../src/platform/inbound.ts";
import type { FormField, FormSpec, RichMessage } from "../src/platform/port.ts";
import { profileSummary } from "../src/session/planner.ts";
import { defineCommand } from "./define.ts";

const MAX_TAGS = 15;
const MAX_TAG_LENGTH = 40;
/** Room for every tag at full length with the ", " the form joins them with, so a saved profile always fits back. */
const MAX_INTERESTS_TEXT = MAX_TAGS * MAX_TAG_LENGTH + (MAX_TAGS - 1) * 2;
const tags = (v: string) =>
  v
    .split(/[,;\n]/)
    .map((t) => t.trim())
    .filter(Boolean);

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const text = (name: string, max: number) => z.string().trim().max(max, `${name} must be at most ${max} characters`);

const options = z.object({
  interests: text("interests", MAX_INTERESTS_TEXT)
    .refine((v) => tags(v).length <= MAX_TAGS, `interests: at most ${MAX_TAGS} tags, separated by commas`)
    .refine(
      (v) => tags(v).every((t) => t.length <= 40),
      `interests: each tag must be at most ${MAX_TAG_LENGTH} characters`,
    )
    .optional(),
  field: text("field", 80).optional(),
  city: text("city", 80).optional(),
  timezone: z
    .string()
    .trim()
    .refine(
      (v) => v === "" || isTimeZone(v),
      "timezone must be an IANA time zone such as America/New_York or Europe/Berlin",
    )
    .optional(),
  looking_for: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const bad = tags(v).filter((t) => !LOOKING_FOR.includes(t.toLowerCase() as LookingFor));
      if (bad.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `looking_for: "${bad.join('", "')}" isn't one of ${LOOKING_FOR.join(", ")}`,
        });
      }
    })
    .optional(),
  fun_fact: text("fun_fact", 200).optional(),
  profile_only: z
    .enum(["on", "off"], { message: "profile_only must be on (use my profile only) or off (roles and channels too)" })
    .optional(),
});

type Options = z.infer<typeof options>;

/** Form fields in the order shown; the time zone goes last and is left out where a form holds only five inputs. */
const FORM_ORDER = ["interests", "field", "city", "looking_for", "fun_fact", "timezone"] as const;

/** Profile text as the form shows it (the same text `merge` reads back). */
function formValues(current: Profile | undefined): Record<string, string> {
  if (!current) return {};
  const values: Record<string, string | undefined> = {
    interests: current.interests.join(", "),
    field: current.field,
    city: current.city,
    looking_for: current.lookingFor.join(", "),
    fun_fact: current.funFact,
    timezone: current.timeZone,
  };
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
}

/**
 * The profile form, filled with `initial`. Labels stay within Discord's 45 characters (the choices go in the
 * description); Discord modals take five inputs, so there the time zone is named in the City description instead.
 */
function profileForm(initial: Readonly<Record<string, string>>, limits: { maxFields: number }): FormSpec {
  const withTimeZone = limits.maxFields >= FORM_ORDER.length;
  // A stored value longer than the field allows (saved before a limit existed, or from another path) is shown whole,
  // with room for it: the form can then be opened and sent unchanged, and validation names what to shorten.
  const value = (id: string, limit: number | undefined) => {
    const text = initial[id];
    if (!text) return {};
    return { initial: text, ...(limit !== undefined && text.length > limit ? { maxLength: text.length } : {}) };
  };
  const zone = initial.timezone ? `now ${initial.timezone}` : "e.g. America/New_York";
  const fields: Record<(typeof FORM_ORDER)[number], FormField> = {
    interests: {
      id: "interests",
      label: "Interests (comma separated)",
      description: `Up to ${MAX_TAGS}, each at most ${MAX_TAG_LENGTH} characters`,
      style: "short",
      required: false,
      maxLength: MAX_INTERESTS_TEXT,
      placeholder: "hiking, public relations, jazz",
    },
    field: {
      id: "field",
      label: "Field or role",
      style: "short",
      required: false,
      maxLength: 80,
      placeholder: "PR student",
    },
    city: {
      id: "city",
      label: "City",
      ...(withTimeZone ? {} : { description: `Time zone (${zone}): /quickmeet profile timezone:…` }),
      style: "short",
      required: false,
      maxLength: 80,
      placeholder: "Rochester",
    },
    looking_for: {
      id: "looking_for",
      label: "Looking for",
      description: `Any of: ${LOOKING_FOR.join(", ")}`,
      style: "short",
      required: false,
      maxLength: 120,
    },
    fun_fact: { id: "fun_fact", label: "One fun fact", style: "paragraph", required: false, maxLength: 200 },
    timezone: {
      id: "timezone",
      label: "Time zone",
      description: "An IANA zone such as America/New_York or Europe/Berlin",
      style: "short",
      required: false,
      maxLength: 64,
      placeholder: "America/New_York",
    },
  };
  const shown = withTimeZone ? FORM_ORDER : FORM_ORDER.filter((id) => id !== "timezone");
  return {
    formId: "profile",
    title: "Your Quick Meet profile",
    fields: shown.map((id) => ({ ...fields[id], ...value(id, fields[id].maxLength) })),
  };
}

/** Merges given options into the profile; an empty value clears that field. */
function merge(current: Profile | undefined, o: Options, userId: string, displayName: string, now: number): Profile {
  const next: Profile = current
    ? { ...current, displayName, updatedAt: now }
    : { v: SCHEMA_VERSION, userId, displayName, interests: [], lookingFor: [], updatedAt: now };
  if (o.interests !== undefined) next.interests = [...new Set(tags(o.interests))];
  if (o.looking_for !== undefined)
    next.lookingFor = [...new Set(tags(o.looking_for).map((t) => t.toLowerCase() as LookingFor))];
  const optional = [
    ["field", o.field],
    ["city", o.city],
    ["timeZone", o.timezone],
    ["funFact", o.fun_fact],
  ] as const;
  for (const [key, value] of optional) {
    if (value === undefined) continue;
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}

/** "Add to my profile" from the "You're in" reply: the same form `/quickmeet profile` opens. */
export async function profileFormFor(
  engine: Pick<EngineParts, "community" | "platform">,
  inv: Invocation,
): Promise<ActionReply> {
  const current = await engine.community.profile(inv.platform, inv.communityId, inv.actor.userId);
  const maxFields = engine.platform(inv.platform).maxFormFields ?? Number.POSITIVE_INFINITY;
  return {
    form: profileForm(formValues(current), { maxFields }),
    privateMessage: { text: "Fill in `/quickmeet profile` so your partners see what you share." },
  };
}

/** The "profile only" button of `/quickmeet profile` and `/quickmeet me`. */
export async function switchProfileOnly(
  engine: Pick<EngineParts, "community" | "logger" | "platform">,
  inv: Invocation,
  on: boolean,
): Promise<RichMessage> {
  const { platform, communityId, actor } = inv;
  await setProfileOnly(engine, platform, communityId, actor.userId, on);
  const own = await ownSignals(engine, platform, communityId, actor.userId);
  return profileOnlySet(on, signalsPart(own.chosen, own.held, own.profileOnly, own.hints));
}

export const profile = defineCommand({
  name: "profile",
  description: "Tell partners about you: interests, field, city, what you're looking for, a fun fact",
  options,
  optionDocs: {
    interests: { description: "Interests, comma separated (e.g. hiking, public relations)", type: "string" },
    field: { description: "Your field or role (e.g. PR student, data journalist)", type: "string" },
    city: { description: "Your city", type: "string" },
    timezone: { description: "Your IANA time zone (e.g. America/New_York)", type: "string" },
    looking_for: { description: `Comma separated: ${LOOKING_FOR.join(", ")}`, type: "string" },
    fun_fact: { description: "One fun fact about you", type: "string" },
    profile_only: {
      description: "on: use only your profile; off: organizer-chosen roles and channels count too",
      type: "string",
      choices: ["on", "off"],
    },
  },
  access: "member",
  examples: ["profile", 'profile interests:"hiking, jazz" city:Rochester looking_for:mentor timezone:America/New_York'],
  form: profileForm,
  actions: ["profile-form", "profile-only"],
  async onAction(ctx, action) {
    if (action.kind === "profile-form") return profileFormFor(ctx.engine, ctx.invocation);
    return { privateMessage: await switchProfileOnly(ctx.engine, ctx.invocation, action.on) };
  },
  async run(ctx, o) {
    const { platform, communityId, actor } = ctx.invocation;
    const current = await ctx.engine.community.profile(platform, communityId, actor.userId);
    if (!ctx.fromForm && Object.values(o).every((v) => v === undefined))
      return {
        kind: "form",
        form: profileForm(formValues(current), { maxFields: ctx.platform.maxFormFields ?? Number.POSITIVE_INFINITY }),
      };
    const { profile_only: profileOnly, ...fields } = o;
    if (profileOnly !== undefined)
      await setProfileOnly(ctx.engine, platform, communityId, actor.userId, profileOnly === "on");
    const changed = Object.values(fields).some((v) => v !== undefined);
    const next = changed ? merge(current, fields, actor.userId, actor.displayName, ctx.engine.clock.now()) : current;
    if (changed && next) await ctx.engine.community.saveProfile(platform, communityId, next);
    const own = await ownSignals(ctx.engine, platform, communityId, actor.userId);
    const part = signalsPart(own.chosen, own.held, own.profileOnly, own.hints);
    // What the member typed, shown as typed (never a mention or formatting).
    const summary = [
      next && next.interests.length > 0 ? `Interests: ${literal(next.interests.join(", "))}` : "No interests yet",
      literal(profileSummary(next)),
      part?.line,
    ]
      .filter(Boolean)
      .join("\n");
    return privateReply({
      title: changed ? "Profile saved" : "Your profile",
      text: `This is what your partners will see:\n${summary}`,
      ...(part ? { buttons: part.buttons } : {}),
    });
  },
});
