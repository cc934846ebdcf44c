import { randomBytes } from "node:crypto";
import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import type { CommunitySettings } from "../src/domain/types.ts";
import { literal } from "../src/messages/markup.ts";
import { mention } from "../src/messages/templates.ts";
import { parseVideoLink } from "../src/session/video-link.ts";
import { defineCommand } from "./define.ts";
import { describeSignal, interestSignalSchema, MAX_INTEREST_SIGNALS, signalIdSchema } from "./interest-signal.ts";
import { sessionOptionDocs, sessionOptionSchemas, userId } from "./options.ts";

const options = z.object({
  organizer_role: z
    .string()
    .trim()
    .transform((v) => v.replace(/^<@&(\d+)>$/, "$1"))
    .refine(
      (v) => v === "" || v === "none" || /^\d{5,25}$/.test(v),
      "organizer_role must be a role mention, a role id, or none",
    )
    .optional(),
  add_organizer: userId("add_organizer").optional(),
  remove_organizer: userId("remove_organizer").optional(),
  ...sessionOptionSchemas,
  add_question: z
    .string()
    .trim()
    .min(10, "add_question must be at least 10 characters")
    .max(300, "add_question must be at most 300 characters")
    .optional(),
  remove_question: z
    .string()
    .trim()
    .min(1, "remove_question needs a value: the question's id from `/quickmeet config`")
    .optional(),
  add_interest: interestSignalSchema.optional(),
  remove_interest: signalIdSchema.optional(),
  platform_profile: z.enum(["on", "off"], { message: "platform_profile must be on or off" }).optional(),
  video_link: z
    .string()
    .transform((v, ctx) => {
      const parsed = parseVideoLink(v);
      if (parsed.ok) return parsed;
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    })
    .optional(),
});

type Options = z.infer<typeof options>;

function apply(
  s: CommunitySettings,
  o: Options,
  by: string,
  now: number,
): { next: CommunitySettings; notes: string[] } {
  const next: CommunitySettings = {
    ...s,
    defaults: { ...s.defaults },
    organizerUserIds: [...s.organizerUserIds],
    customQuestions: [...s.customQuestions],
    interestSignals: [...(s.interestSignals ?? [])],
  };
  const notes: string[] = [];
  applySignals(next, o, notes);
  if (o.organizer_role !== undefined) {
    if (o.organizer_role === "" || o.organizer_role === "none") delete next.organizerRoleId;
    else next.organizerRoleId = o.organizer_role;
    notes.push(next.organizerRoleId ? `Organizer role set to <@&${next.organizerRoleId}>.` : "Organizer role cleared.");
  }
  if (o.add_organizer) {
    next.organizerUserIds = [...new Set([...next.organizerUserIds, o.add_organizer])];
    notes.push(`${mention(o.add_organizer)} is now an organizer.`);
  }
  if (o.remove_organizer) {
    next.organizerUserIds = next.organizerUserIds.filter((u) => u !== o.remove_organizer);
    notes.push(`${mention(o.remove_organizer)} is no longer a listed organizer.`);
  }
  const d = next.defaults;
  if (o.rounds !== undefined) d.rounds = o.rounds;
  if (o.minutes !== undefined) d.minutesPerRound = o.minutes;
  if (o.lobby_minutes !== undefined) d.lobbyMinutes = o.lobby_minutes;
  if (o.group_size !== undefined) d.groupSize = o.group_size;
  if (o.break_seconds !== undefined) d.breakSeconds = o.break_seconds;
  if (o.mode !== undefined) d.mode = o.mode;
  if ([o.rounds, o.minutes, o.lobby_minutes, o.group_size, o.break_seconds, o.mode].some((v) => v !== undefined))
    notes.push("Session defaults updated.");
  if (o.video_link) {
    if (o.video_link.value) next.videoLink = o.video_link.value;
    else delete next.videoLink;
    notes.push(
      o.video_link.value
        ? `Intros now carry each group's video link, from the next session on.${o.video_link.note ? ` ${o.video_link.note}` : ""}`
        : "Intros no longer carry a video link.",
    );
  }
  if (o.add_question) {
    const id = `custom-${randomBytes(3).toString("hex")}`;
    next.customQuestions.push({ id, text: o.add_question, addedBy: by, addedAt: now });
    notes.push(`Question added as \`${id}\`.`);
  }
  if (o.remove_question) {
    const before = next.customQuestions.length;
    next.customQuestions = next.customQuestions.filter((q) => q.id !== o.remove_question);
    notes.push(
      before === next.customQuestions.length
        ? `No custom question has the id \`${o.remove_question}\`.`
        : `Question \`${o.remove_question}\` removed.`,
    );
  }
  return { next, notes };
}

/** Organizer-chosen roles/channels: re-adding one replaces what it stands for. */
function applySignals(next: CommunitySettings, o: Options, notes: string[]): void {
  let list = next.interestSignals ?? [];
  if (o.remove_interest) {
    const before = list.length;
    list = list.filter((x) => x.id !== o.remove_interest);
    notes.push(before === list.length ? "That role or channel wasn't chosen." : "It no longer counts as an interest.");
  }
  if (o.add_interest) {
    const add = o.add_interest;
    const others = list.filter((x) => x.id !== add.id);
    if (others.length >= MAX_INTEREST_SIGNALS)
      notes.push(`At most ${MAX_INTEREST_SIGNALS} roles and channels can count; remove one first.`);
    else {
      list = [...others, add];
      notes.push(`Now counts as an interest: ${describeSignal(add)}.`);
    }
  }
  if (list.length > 0) next.interestSignals = list;
  else delete next.interestSignals;
  if (o.platform_profile !== undefined) {
    if (o.platform_profile === "on") next.platformProfile = true;
    else delete next.platformProfile;
    notes.push(
      o.platform_profile === "on"
        ? "Members' platform job title and time zone now fill empty profile fields."
        : "Platform job titles and time zones no longer count.",
    );
  }
}

export const config = defineCommand({
  name: "config",
  description: "Organizer settings: organizer role and members, session defaults, custom questions",
  options,
  optionDocs: {
    organizer_role: { description: "Role whose members are organizers (mention or id; none to clear)", type: "string" },
    add_organizer: { description: "Make a member an organizer", type: "user" },
    remove_organizer: { description: "Remove a member from the organizers", type: "user" },
    ...sessionOptionDocs,
    add_question: { description: "Add a custom conversation question", type: "string" },
    remove_question: { description: "Remove a custom question by its id", type: "string" },
    add_interest: {
      description: "A role or public channel that counts as an interest: @role tag, #channel, or @role goal:mentor",
      type: "string",
    },
    remove_interest: { description: "Stop counting a role or channel (mention or id)", type: "string" },
    platform_profile: {
      description: "on: a member's Slack title and time zone fill their empty profile fields",
      type: "string",
      choices: ["on", "off"],
    },
    video_link: {
      description: "Video room per group: https://meet.jit.si/{community}-{session}-{group}, fixed links, or off",
      type: "string",
    },
  },
  access: "organizer",
  examples: ["config", "config add_organizer:@sam rounds:4", 'config add_question:"What got you into this field?"'],
  async run(ctx, o) {
    const { platform, communityId, actor } = ctx.invocation;
    let notes: string[] = [];
    const settings = await ctx.engine.community.updateSettings(platform, communityId, (s) => {
      const r = apply(s, o, actor.userId, ctx.engine.clock.now());
      notes = r.notes;
      return r.next;
    });
    const d = settings.defaults;
    return privateReply({
      title: "Quick Meet settings",
      text: notes.length > 0 ? notes.join("\n") : "Current settings (change them with the options of this command):",
      fields: [
        {
          label: "Organizer role",
          value: settings.organizerRoleId ? `<@&${settings.organizerRoleId}>` : "none (admins only)",
        },
        { label: "Organizers", value: settings.organizerUserIds.map(mention).join(" ") || "none listed" },
        {
          label: "Defaults",
          value: `${d.rounds} rounds × ${d.minutesPerRound} min, lobby ${d.lobbyMinutes} min, groups of ${d.groupSize}, ${d.breakSeconds} s breaks${d.mode === "voice" ? ", voice rooms" : ""}`,
        },
        {
          label: "Custom questions",
          // An organizer's words, shown as typed.
          value: settings.customQuestions.map((q) => `\`${q.id}\` ${literal(q.text)}`).join("\n") || "none",
        },
        {
          label: "Video link",
          // The organizer's text, shown as typed.
          value: settings.videoLink ? literal(settings.videoLink) : "none (intros carry no video link)",
        },
        {
          label: "Roles and channels that count as interests",
          value:
            [
              ...(settings.interestSignals ?? []).map(describeSignal),
              ...(settings.platformProfile ? ["platform job title and time zone"] : []),
            ].join("\n") || "none (profiles only)",
        },
      ],
    });
  },
});
