import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { actionIds } from "../src/messages/actions.ts";
import { literal } from "../src/messages/markup.ts";
import { mention } from "../src/messages/templates.ts";
import { profileSummary } from "../src/session/planner.ts";
import { historyLines, memberOverview } from "../src/stats/member.ts";
import { defineCommand } from "./define.ts";

const options = z.object({});

/** How many partners are named before "and N more" (Discord field values hold 1,024 characters). */
const NAMED = 20;

/** Keeps whole lines within a field's limit, saying how many were left out. */
const clamp = (lines: readonly string[], limit = 1000) => {
  const kept: string[] = [];
  for (const line of lines) {
    if ([...kept, line].join("\n").length > limit) break;
    kept.push(line);
  }
  const left = lines.length - kept.length;
  return kept.join("\n") + (left > 0 ? `\n… and ${left} earlier` : "");
};

/** Unblock buttons shown (two rows of five); the rest are lifted with `/quickmeet block`. */
const UNBLOCK_BUTTONS = 10;
const UNBLOCK_REST = "\nFor the others: `/quickmeet block member:@name undo:true`.";

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

const named = (ids: readonly string[], total: number, none: string) => {
  if (total === 0) return none;
  const shown = ids.slice(0, NAMED).map(mention).join(" ");
  const rest = total - Math.min(ids.length, NAMED);
  return `${total}: ${shown}${rest > 0 ? ` and ${rest} more` : ""}`;
};

export const me = defineCommand({
  name: "me",
  description: "Your Quick Meet history: people met, conversations, connections, profile and pause state",
  options,
  optionDocs: {},
  access: "member",
  examples: ["me"],
  async run(ctx) {
    const { platform, communityId, actor } = ctx.invocation;
    const [profile, state, events] = await Promise.all([
      ctx.engine.community.profile(platform, communityId, actor.userId),
      ctx.engine.community.memberState(platform, communityId, actor.userId),
      ctx.engine.community.events(platform, communityId),
    ]);
    const o = memberOverview(events, actor.userId);
    const paused = ctx.engine.community.isPaused(state)
      ? `Paused until ${new Date(state.pausedUntil ?? 0).toISOString().slice(0, 10)}`
      : "Active";
    const history = historyLines(o);
    const unblockable = state.blocked.slice(0, UNBLOCK_BUTTONS);
    const labels = await Promise.all(
      unblockable.map(async (id) => `Unblock ${await ctx.platform.displayName(communityId, id).catch(() => id)}`),
    );
    const buttons = chunk(
      unblockable.map((id, i) => ({
        actionId: actionIds.unblock(id),
        label: (labels[i] ?? id).slice(0, 80),
        style: "secondary" as const,
      })),
      5,
    );
    return privateReply({
      title: "Your Quick Meets",
      text: profile
        ? `Profile: ${literal([profile.interests.join(", "), profileSummary(profile)].filter(Boolean).join(" · ")) || "(empty)"}`
        : "No profile yet: `/quickmeet profile` lets partners see what you have in common.",
      fields: [
        { label: "Status", value: paused },
        { label: "Sessions", value: String(o.sessions) },
        {
          label: "Conversations",
          value:
            o.groups === 0
              ? "none yet"
              : `${o.conversations} of ${o.groups} ${o.groups === 1 ? "group" : "groups"} really talked · you wrote ${o.messages} ${o.messages === 1 ? "message" : "messages"}`,
        },
        { label: "People met", value: named(o.met, o.metCount, "nobody yet") },
        { label: "Connections", value: named(o.connections, o.connectionCount, "none yet") },
        { label: "Recent sessions", value: history.length > 0 ? clamp(history) : "none yet" },
        {
          label: "Blocked",
          value:
            state.blocked.length === 0
              ? "nobody"
              : named(state.blocked, state.blocked.length, "nobody") +
                (state.blocked.length > UNBLOCK_BUTTONS ? UNBLOCK_REST : ""),
        },
      ],
      ...(buttons.length > 0 ? { buttons } : {}),
    });
  },
});
