import { ApiError, type Route } from "./http.ts";
import { type Json, memberPayload, userPayload } from "./payloads.ts";
import type { EmulatorState } from "./state.ts";
import { validateCommands } from "./validate.ts";

/** Gateway discovery, the bot user, guild members and application command registration. */
export function miscRoutes(state: EmulatorState, gatewayUrl: () => string, recommendedShards = 1): Route[] {
  const guildOr404 = (id: string) => {
    const guild = state.guild(id);
    if (!guild) throw new ApiError(404, 10004, "Unknown Guild");
    return guild;
  };
  const putCommands = (key: string, body: unknown) => {
    if (!Array.isArray(body)) throw new ApiError(400, 50035, "Invalid Form Body: expected an array of commands");
    validateCommands(body as Json[]);
    const stored = body.map((command: Record<string, unknown>) => ({
      ...command,
      id: state.ids.next(),
      application_id: state.applicationId,
      version: state.ids.next(),
      type: command.type ?? 1,
    }));
    state.commands.set(key, stored);
    state.changed("commands");
    return { status: 200, body: stored };
  };
  return [
    {
      method: "GET",
      pattern: "/gateway/bot",
      bucket: "default",
      major: () => "",
      handle: () => ({
        status: 200,
        body: {
          url: gatewayUrl(),
          shards: recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
        },
      }),
    },
    {
      method: "GET",
      pattern: "/users/@me",
      bucket: "default",
      major: () => "",
      handle: () => ({ status: 200, body: userPayload(state.botUser) }),
    },
    {
      method: "GET",
      pattern: "/guilds/:guild/members/:user",
      bucket: "guild-members",
      major: (p) => p.guild ?? "",
      handle: ({ params }) => {
        guildOr404(params.guild ?? "");
        const member = memberPayload(state, params.guild ?? "", params.user ?? "");
        if (!member) throw new ApiError(404, 10007, "Unknown Member");
        return { status: 200, body: member };
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guild/members",
      bucket: "guild-members",
      major: (p) => p.guild ?? "",
      handle: ({ params, query }) => {
        const guild = guildOr404(params.guild ?? "");
        const limit = Math.min(1000, Math.max(1, Number(query.get("limit") ?? 1)));
        const after = BigInt(query.get("after") ?? "0");
        const ids = [...guild.members.keys()]
          .filter((id) => BigInt(id) > after)
          .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
        return {
          status: 200,
          body: ids.slice(0, limit).map((id) => memberPayload(state, guild.id, id)),
        };
      },
    },
    {
      method: "PUT",
      pattern: "/applications/:app/commands",
      bucket: "app-commands",
      major: () => "",
      handle: ({ body }) => putCommands("global", body),
    },
    {
      method: "PUT",
      pattern: "/applications/:app/guilds/:guild/commands",
      bucket: "app-commands",
      major: (p) => p.guild ?? "",
      handle: ({ params, body }) => putCommands(`guild:${params.guild}`, body),
    },
    {
      method: "GET",
      pattern: "/applications/:app/guilds/:guild/commands",
      bucket: "app-commands",
      major: (p) => p.guild ?? "",
      handle: ({ params }) => ({ status: 200, body: state.commands.get(`guild:${params.guild}`) ?? [] }),
    },
  ];
}
