import type { Workspace } from "./state.ts";
import type { EmuMessage } from "./types.ts";

/** Message metadata as chat.postMessage takes it (`event_type` plus a free-form `event_payload` object). */
export interface EmuMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/**
 * Reads `metadata` from a chat.postMessage body (an object, or JSON text in a form-encoded body) with Slack's
 * checks: `event_type` a non-empty string and `event_payload` an object; `invalid_metadata_format` otherwise.
 */
export function metadataOf(raw: unknown, fail: (code: string) => never): EmuMetadata | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      fail("invalid_metadata_format");
    }
  }
  const m = value as Partial<EmuMetadata>;
  if (
    typeof m !== "object" ||
    typeof m.event_type !== "string" ||
    m.event_type === "" ||
    typeof m.event_payload !== "object" ||
    m.event_payload === null ||
    Array.isArray(m.event_payload)
  )
    fail("invalid_metadata_format");
  return { event_type: m.event_type as string, event_payload: m.event_payload as Record<string, unknown> };
}

/** A message as conversations.history returns it; metadata only when the caller asked for it. */
function historyJson(ws: Workspace, m: EmuMessage, withMetadata: boolean): Record<string, unknown> {
  const fromBot = m.user === ws.botUserId;
  return {
    type: "message",
    user: m.user,
    text: m.text,
    ts: m.ts,
    ...(m.blocks.length > 0 ? { blocks: m.blocks } : {}),
    ...(fromBot ? { bot_id: ws.botId, app_id: ws.appId } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.edited ? { edited: { user: m.user, ts: m.ts } } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

const num = (v: unknown): number | undefined => {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * conversations.history as Slack documents it: a channel's top-level messages (thread replies and ephemeral
 * messages excluded), newest first, between `oldest` and `latest` (exclusive unless `inclusive`), `limit` per page
 * (default 100, at most 999), paged with `cursor`; `has_more` and `response_metadata.next_cursor` when more remain.
 * `include_all_metadata` adds each message's `metadata`.
 */
export function conversationHistory(
  ws: Workspace,
  channelId: string,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const limit = Math.min(Math.max(num(args.limit) ?? 100, 1), 999);
  const oldest = num(args.oldest) ?? 0;
  const latest = num(args.latest) ?? Number.POSITIVE_INFINITY;
  const inclusive = args.inclusive === true || args.inclusive === "true" || args.inclusive === "1";
  const withMetadata =
    args.include_all_metadata === true || args.include_all_metadata === "true" || args.include_all_metadata === "1";
  const all = (ws.messages.get(channelId) ?? [])
    .filter((m) => !m.ephemeralFor && (!m.threadTs || m.threadTs === m.ts))
    .filter((m) => {
      const ts = Number(m.ts);
      return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
    })
    .reverse();
  const start = typeof args.cursor === "string" && args.cursor !== "" ? Number(args.cursor) || 0 : 0;
  const page = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return {
    messages: page.map((m) => historyJson(ws, m, withMetadata)),
    has_more: more,
    pin_count: 0,
    response_metadata: { next_cursor: more ? String(start + limit) : "" },
  };
}
