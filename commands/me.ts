import { z } from "zod";
import type { EventRecord } from "../src/domain/types.ts";
import { mention } from "../src/messages/templates.ts";
import { profileSummary } from "../src/session/planner.ts";
import type { CommandDefinition } from "./types.ts";

const options = z.object({});

/** A member's own view: profile, pause state, people met, conversations, connections, recent sessions. */
export function memberOverview(events: readonly EventRecord[], userId: string) {
  const met = new Set<string>();
  const sessions = new Set<string>();
  const connections = new Set<string>();
  let groups = 0;
  let conversations = 0;
  const groupKeys = new Map<string, string[]>();
  for (const e of events) {
    if (e.type === "grouped" && e.members.includes(userId)) {
      groups++;
      sessions.add(e.sessionId);
      groupKeys.set(`${e.sessionId}:${e.round}:${e.groupId}`, e.members);
      for (const m of e.members) if (m !== userId) met.add(m);
    } else if (e.type === "messages-counted" && (e.counts[userId] ?? 0) > 0) {
      const others = Object.entries(e.counts).filter(([m, c]) => m !== userId && c > 0);
      if (others.length > 0) conversations++;
    } else if (e.type === "connection" && e.members.includes(userId)) {
      for (const m of e.members) if (m !== userId) connections.add(m);
    }
  }
  return { sessions: sessions.size, groups, conversations, met: [...met], connections: [...connections] };
}

export const me: CommandDefinition<typeof options> = {
  name: "me",
  description: "Your Quick Meet history: people met, conversations, connections, profile and pause state",
  options,
  optionDocs: {},
  access: "member",
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
    return {
      kind: "message",
      visibility: "private",
      message: {
        title: "Your Quick Meets",
        text: profile
          ? `Profile: ${[profile.interests.join(", "), profileSummary(profile)].filter(Boolean).join(" · ") || "(empty)"}`
          : "No profile yet: `/quickmeet profile` lets partners see what you have in common.",
        fields: [
          { label: "Status", value: paused },
          { label: "Sessions", value: String(o.sessions) },
          { label: "Conversations", value: `${o.conversations} of ${o.groups} groups` },
          { label: "People met", value: o.met.length > 0 ? o.met.slice(0, 20).map(mention).join(" ") : "nobody yet" },
          { label: "Connections", value: o.connections.length > 0 ? o.connections.map(mention).join(" ") : "none yet" },
          { label: "Blocked", value: String(state.blocked.length) },
        ],
      },
    };
  },
};
