import { GatewayIntentBits } from "discord.js";
import type { DiscordDriver, MessageView } from "./driver.ts";
import { inferOptionType } from "./interactions.ts";
import { LOADING, publish } from "./messages.ts";
import { channelPayload, type Json, userPayload } from "./payloads.ts";
import { isThread, type MessageRecord } from "./state.ts";

/** What a test holds after an interaction was dispatched to the bot. */
export class InteractionHandle {
  constructor(
    private readonly driver: DiscordDriver,
    readonly id: string,
  ) {}

  get record() {
    const record = this.driver.state.interactions.get(this.id);
    if (!record) throw new Error(`interaction ${this.id} vanished`);
    return record;
  }

  /** Milliseconds from dispatch to the bot's first callback. */
  async acked(timeoutMs = 5_000): Promise<number> {
    const record = await this.driver.waitFor(
      () => (this.record.ackedAtMs !== null ? this.record : undefined),
      `ack of ${this.id}`,
      timeoutMs,
    );
    return (record.ackedAtMs ?? 0) - record.createdAtMs;
  }

  /** The final (non-loading) text the clicker saw: the response, its edit, or the latest follow-up. */
  async reply(timeoutMs = 10_000): Promise<MessageView> {
    return this.driver.waitFor(
      () => {
        const r = this.record;
        const ids = [...r.followUpIds].reverse();
        // After a deferred update (6) `@original` is the clicked message itself, not an answer.
        if (r.originalMessageId && r.callbackType !== 6) ids.push(r.originalMessageId);
        for (const id of ids) {
          const m = this.driver.state.messages.get(id);
          if (m && !(m.flags & LOADING)) return this.driver.view(m);
        }
        return undefined;
      },
      `reply to ${this.id}`,
      timeoutMs,
    );
  }

  /** Every message of the answer in order (the response, then follow-ups): a long reply comes in several parts. */
  replies(): MessageView[] {
    const r = this.record;
    const ids = [...(r.originalMessageId && r.callbackType !== 6 ? [r.originalMessageId] : []), ...r.followUpIds];
    return ids.flatMap((id) => {
      const m = this.driver.state.messages.get(id);
      return m && !(m.flags & LOADING) ? [this.driver.view(m)] : [];
    });
  }

  /** The modal the bot opened in answer, once it did. */
  async modal(timeoutMs = 5_000) {
    return this.driver.waitFor(() => this.record.modal ?? undefined, `modal for ${this.id}`, timeoutMs);
  }
}

/** A simulated guild member who types commands, clicks, fills modals, writes and leaves. */
export class SimMember {
  constructor(
    private readonly driver: DiscordDriver,
    readonly id: string,
  ) {}

  /** `/quickmeet <sub> key:value…` in a channel (the default session channel unless given). */
  runCommand(sub: string, options: Record<string, unknown> = {}, channelId = this.driver.channelId): InteractionHandle {
    const { state } = this.driver;
    const registered = [...state.commands.values()].flat().find((c) => (c as Json).name === "quickmeet") as
      | Json
      | undefined;
    const subDef = ((registered?.options as Json[] | undefined) ?? []).find((o) => o.name === sub);
    const optionTypes = new Map(
      ((subDef?.options as Json[] | undefined) ?? []).map((o) => [String(o.name), Number(o.type)]),
    );
    const resolvedUsers: Record<string, Json> = {};
    // A channel option (type 7) carries the picked channel's id; Discord adds the channel under `resolved.channels`.
    const resolvedChannels: Record<string, Json> = {};
    const subOptions = Object.entries(options).map(([name, value]) => {
      const type = optionTypes.get(name) ?? inferOptionType(value);
      const user = type === 6 ? state.users.get(String(value)) : undefined;
      if (user) resolvedUsers[user.id] = userPayload(user);
      const channel = type === 7 ? state.channels.get(String(value)) : undefined;
      if (channel) resolvedChannels[channel.id] = channelPayload(state, channel, this.id);
      return { name, type, value };
    });
    const data: Json = {
      id: (registered?.id as string | undefined) ?? state.ids.next(),
      name: "quickmeet",
      type: 1,
      options: [{ type: 1, name: sub, options: subOptions }],
      ...(Object.keys(resolvedUsers).length || Object.keys(resolvedChannels).length
        ? {
            resolved: {
              ...(Object.keys(resolvedUsers).length ? { users: resolvedUsers } : {}),
              ...(Object.keys(resolvedChannels).length ? { channels: resolvedChannels } : {}),
            },
          }
        : {}),
    };
    return this.driver.deliver("command", this.id, channelId, data);
  }

  /** Click a button on a message this member can see. */
  click(messageId: string, customId: string): InteractionHandle {
    const message = this.driver.state.messages.get(messageId);
    if (!message) throw new Error(`driver: no message ${messageId}`);
    if (
      !this.driver.state.canView(message.channelId, this.id) ||
      (message.visibleTo && message.visibleTo !== this.id)
    ) {
      throw new Error(`driver: member ${this.id} cannot see message ${messageId}`);
    }
    if (!this.driver.view(message).buttons.some((b) => b.customId === customId)) {
      throw new Error(`driver: message ${messageId} has no button ${customId}`);
    }
    this.driver.state.archiveIdleThreads();
    const where = this.driver.state.channels.get(message.channelId);
    if (where && isThread(where.type) && (where.locked || where.archived)) {
      // Discord's clients disable the buttons of a locked thread (and archived ones fail on web and mobile).
      throw new Error(`driver: the buttons of message ${messageId} are disabled: its thread is locked or archived`);
    }
    return this.driver.deliver(
      "component",
      this.id,
      message.channelId,
      { custom_id: customId, component_type: 2 },
      messageId,
    );
  }

  /** Submit the modal the bot opened for `opener`, with values by text input custom id. */
  submitModal(opener: InteractionHandle, values: Record<string, string>): InteractionHandle {
    const modal = opener.record.modal;
    if (!modal) throw new Error(`driver: interaction ${opener.id} opened no modal`);
    // Submitted in the shape the modal was opened with: Label components (type 18) or legacy action rows.
    const labelled = modal.components.some((c) => (c as { type?: number }).type === 18);
    const components = Object.entries(values).map(([customId, value]) =>
      labelled
        ? { type: 18, component: { type: 4, custom_id: customId, value } }
        : { type: 1, components: [{ type: 4, custom_id: customId, value }] },
    );
    return this.driver.deliver("modal", this.id, opener.record.channelId, { custom_id: modal.custom_id, components });
  }

  /** Write a message (as a human client would; the bot gets MESSAGE_CREATE). */
  say(channelId: string, content: string): MessageRecord {
    const { state } = this.driver;
    if (!state.canView(channelId, this.id))
      throw new Error(`driver: member ${this.id} cannot see channel ${channelId}`);
    const now = Date.now();
    const message: MessageRecord = {
      id: state.ids.next(now),
      channelId,
      authorId: this.id,
      content,
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      visibleTo: null,
      timestamp: new Date(now).toISOString(),
      editedTimestamp: null,
      webhookId: null,
      mentions: [],
      mentionEveryone: false,
      createdAtMs: now,
      editCount: 0,
    };
    publish(state, this.driver.gateway, message);
    return message;
  }

  /** Leave the guild: removed from members and every thread; the bot gets GUILD_MEMBER_REMOVE. */
  leaveGuild(): void {
    const { state } = this.driver;
    const guild = state.guild(this.driver.guildId);
    const user = state.users.get(this.id);
    if (!guild || !user) return;
    guild.members.delete(this.id);
    for (const channel of state.channels.values()) if (isThread(channel.type)) channel.members.delete(this.id);
    state.changed("member-left");
    this.driver.gateway.dispatch(
      "GUILD_MEMBER_REMOVE",
      { guild_id: guild.id, user: userPayload(user) },
      GatewayIntentBits.GuildMembers,
    );
  }
}
