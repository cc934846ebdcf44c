import { ApiError, type Route, type UploadedFile } from "./http.ts";
import { applyEdit, type Dispatcher, EPHEMERAL, LOADING, messageFromBody, publish } from "./messages.ts";
import { type Json, messagePayload } from "./payloads.ts";
import { type EmulatorState, type InteractionRecord, isThread } from "./state.ts";
import { validateModal } from "./validate.ts";

export interface InteractionTiming {
  /** Discord's acknowledgement window (3 s); a later callback fails 10062 Unknown interaction. */
  ackDeadlineMs: number;
  /** Follow-up token lifetime (15 min). */
  tokenLifetimeMs: number;
}

const byWebhook = (p: Record<string, string>) => `${p.app}/${p.token}`;

/** Interaction callbacks and the interaction webhook (follow-ups, @original): no bot token, outside the global limit. */
export function interactionRoutes(state: EmulatorState, gateway: Dispatcher, timing: InteractionTiming): Route[] {
  const byToken = (app: string, token: string): InteractionRecord => {
    const interaction = [...state.interactions.values()].find((i) => i.token === token);
    if (!interaction || app !== state.applicationId || Date.now() - interaction.createdAtMs > timing.tokenLifetimeMs) {
      throw new ApiError(404, 10015, "Unknown Webhook");
    }
    if (interaction.callbackType === null) throw new ApiError(404, 10015, "Unknown Webhook");
    return interaction;
  };
  const original = (interaction: InteractionRecord) => {
    const message = interaction.originalMessageId ? state.messages.get(interaction.originalMessageId) : undefined;
    if (!message) throw new ApiError(404, 10008, "Unknown Message");
    return message;
  };
  const respond = (interaction: InteractionRecord, body: Json, flags: number, files: UploadedFile[] = []) =>
    messageFromBody(state, interaction.channelId, state.botUser.id, body, files, {
      flags,
      webhookId: state.applicationId,
      visibleTo: flags & EPHEMERAL ? interaction.userId : null,
    });

  return [
    {
      method: "POST",
      pattern: "/interactions/:id/:token/callback",
      bucket: "default",
      major: (p) => `interaction:${p.id}`,
      interaction: true,
      handle: ({ params, body, files, now }) => {
        const interaction = state.interactions.get(params.id ?? "");
        if (
          !interaction ||
          interaction.token !== params.token ||
          now - interaction.createdAtMs > timing.ackDeadlineMs
        ) {
          throw new ApiError(404, 10062, "Unknown interaction");
        }
        if (interaction.callbackType !== null)
          throw new ApiError(400, 40060, "Interaction has already been acknowledged.");
        const data = (body.data as Json | undefined) ?? {};
        const flags = typeof data.flags === "number" ? data.flags & EPHEMERAL : 0;
        // Discord answers nothing in a locked or archived thread: the response fails, the click is lost.
        const where = state.channels.get(interaction.channelId);
        if (where && isThread(where.type) && (where.locked || where.archived) && body.type !== 9)
          throw new ApiError(400, 50083, "Thread is archived");
        switch (body.type) {
          case 4: {
            const message = respond(interaction, data, flags, files);
            publish(state, gateway, message);
            interaction.originalMessageId = message.id;
            break;
          }
          case 5: {
            const message = respond(interaction, {}, flags | LOADING);
            publish(state, gateway, message);
            interaction.originalMessageId = message.id;
            break;
          }
          case 6:
          case 7: {
            if (interaction.kind !== "component" || !interaction.sourceMessageId) {
              throw new ApiError(400, 40043, "Interaction type does not allow this response type");
            }
            interaction.originalMessageId = interaction.sourceMessageId;
            if (body.type === 7) applyEdit(state, original(interaction), data, files);
            break;
          }
          case 9: {
            if (interaction.kind === "modal") throw new ApiError(400, 40043, "A modal cannot answer a modal submit");
            validateModal(data);
            interaction.modal = {
              custom_id: String(data.custom_id ?? ""),
              title: String(data.title ?? ""),
              components: Array.isArray(data.components) ? data.components : [],
            };
            break;
          }
          default:
            throw new ApiError(400, 50035, `Invalid Form Body: unknown callback type ${String(body.type)}`);
        }
        interaction.callbackType = Number(body.type);
        interaction.ackedAtMs = now;
        state.changed("interaction-ack");
        return { status: 204 };
      },
    },
    {
      method: "PATCH",
      pattern: "/webhooks/:app/:token/messages/:message",
      bucket: "webhook",
      major: byWebhook,
      interaction: true,
      handle: ({ params, body, files }) => {
        const interaction = byToken(params.app ?? "", params.token ?? "");
        const message =
          params.message === "@original" ? original(interaction) : state.messages.get(params.message ?? "");
        if (!message) throw new ApiError(404, 10008, "Unknown Message");
        applyEdit(state, message, body, files);
        state.changed("message-edit");
        return { status: 200, body: messagePayload(state, message) };
      },
    },
    {
      method: "DELETE",
      pattern: "/webhooks/:app/:token/messages/:message",
      bucket: "webhook",
      major: byWebhook,
      interaction: true,
      handle: ({ params }) => {
        const interaction = byToken(params.app ?? "", params.token ?? "");
        const message =
          params.message === "@original" ? original(interaction) : state.messages.get(params.message ?? "");
        if (!message) throw new ApiError(404, 10008, "Unknown Message");
        state.messages.delete(message.id);
        const list = state.channelMessages.get(message.channelId) ?? [];
        state.channelMessages.set(
          message.channelId,
          list.filter((id) => id !== message.id),
        );
        state.changed("message-delete");
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: "/webhooks/:app/:token",
      bucket: "webhook",
      major: byWebhook,
      interaction: true,
      handle: ({ params, body, files }) => {
        const interaction = byToken(params.app ?? "", params.token ?? "");
        const loading = interaction.originalMessageId ? state.messages.get(interaction.originalMessageId) : undefined;
        if (loading && loading.flags & LOADING) {
          // Discord: the first follow-up after a deferred reply resolves the "thinking…" message and keeps its flags.
          applyEdit(state, loading, body, files);
          state.changed("message-edit");
          return { status: 200, body: messagePayload(state, loading) };
        }
        const flags = typeof body.flags === "number" ? body.flags & EPHEMERAL : 0;
        const message = respond(interaction, body, flags, files);
        publish(state, gateway, message);
        interaction.followUpIds.push(message.id);
        return { status: 200, body: messagePayload(state, message) };
      },
    },
  ];
}
