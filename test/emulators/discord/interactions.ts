import { ChannelType, InteractionType } from "discord.js";
import { channelPayload, type Json, memberPayload, messagePayload, userPayload } from "./payloads.ts";
import type { EmulatorState, InteractionKind, InteractionRecord } from "./state.ts";

/** Builds INTERACTION_CREATE payloads as Discord sends them (fields discord.js 14 requires included). */
export function createInteraction(
  state: EmulatorState,
  kind: InteractionKind,
  userId: string,
  channelId: string,
  data: Json,
  sourceMessageId: string | null = null,
): { record: InteractionRecord; payload: Json } {
  const channel = state.channels.get(channelId);
  const user = state.users.get(userId);
  if (!channel || !user) throw new Error(`driver: unknown channel ${channelId} or user ${userId}`);
  const now = Date.now();
  const record: InteractionRecord = {
    id: state.ids.next(now),
    token: `aW50ZXJhY3Rpb24${state.ids.next(now)}${Math.random().toString(36).slice(2)}`,
    kind,
    userId,
    guildId: channel.guildId,
    channelId,
    createdAtMs: now,
    sourceMessageId,
    callbackType: null,
    ackedAtMs: null,
    originalMessageId: null,
    modal: null,
    followUpIds: [],
  };
  state.interactions.set(record.id, record);
  const type =
    kind === "command"
      ? InteractionType.ApplicationCommand
      : kind === "component"
        ? InteractionType.MessageComponent
        : InteractionType.ModalSubmit;
  const payload: Json = {
    id: record.id,
    application_id: state.applicationId,
    type,
    data,
    channel: channelPayload(state, channel, userId),
    channel_id: channelId,
    token: record.token,
    version: 1,
    locale: "en-US",
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if (channel.guildId) {
    const member = memberPayload(state, channel.guildId, userId);
    Object.assign(payload, {
      guild_id: channel.guildId,
      guild_locale: "en-US",
      member: { ...member, permissions: state.permissionsIn(channelId, userId).toString() },
      app_permissions: state.permissionsIn(channelId, state.botUser.id).toString(),
      authorizing_integration_owners: { "0": channel.guildId },
      context: 0,
    });
  } else {
    Object.assign(payload, {
      user: userPayload(user),
      app_permissions: "0",
      authorizing_integration_owners: { "1": userId },
      context: channel.type === ChannelType.DM ? 1 : 2,
    });
  }
  if (sourceMessageId) {
    const message = state.messages.get(sourceMessageId);
    if (message) payload.message = messagePayload(state, message);
  }
  return { record, payload };
}

/** Option type for a raw value when the registered command does not say (3 string, 4 integer, 5 boolean). */
export function inferOptionType(value: unknown): number {
  if (typeof value === "boolean") return 5;
  if (typeof value === "number") return Number.isInteger(value) ? 4 : 10;
  return 3;
}
