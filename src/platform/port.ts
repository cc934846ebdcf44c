import type { InterestSignal, PlatformId, VoiceLobby } from "../domain/types.ts";

/**
 * A platform-neutral message. Adapters render it: Discord content/components, Slack Block Kit, sandbox HTML.
 * Text uses the core markup of `src/messages/markup.ts` (`**bold**`, `_italic_`, `<@userId>` and `<#channelId>`
 * mentions, `\n` line breaks); member-typed text inside it is escaped with `literal()` and always shown as typed.
 * Messages may be longer than one platform message: adapters split them, never cut them.
 */
export interface RichMessage {
  /** Main text. Always present so plain-text fallbacks (notifications, screen readers) have something. */
  text: string;
  /** A short heading shown above the text. */
  title?: string;
  /** Label/value lines (e.g. "Round: 2 of 3"). */
  fields?: ReadonlyArray<{ label: string; value: string }>;
  /** Buttons, in rows of at most five; the action id comes back through `Bot.handleAction`. */
  buttons?: ReadonlyArray<ReadonlyArray<Button>>;
  /** Files to attach (chart PNG, CSV export). */
  attachments?: ReadonlyArray<Attachment>;
}

export interface Button {
  /** Opaque id routed back to the core, at most 100 characters (Discord's custom_id limit). */
  actionId: string;
  label: string;
  style?: "primary" | "secondary" | "success" | "danger";
  /**
   * A link button: opens this https address instead of calling back (Discord: a Link-style button, which has no
   * custom id; Slack: a `url` button, whose click Slack still reports under `actionId`, answered with nothing).
   */
  url?: string;
}

export interface Attachment {
  name: string;
  contentType: string;
  data: Uint8Array;
}

/** A form the platform shows as a modal (Discord allows at most five inputs: see `ChatPlatform.maxFormFields`). */
export interface FormSpec {
  /** Routed back through `Bot.submitForm`. */
  formId: string;
  title: string;
  fields: ReadonlyArray<FormField>;
}

export interface FormField {
  id: string;
  label: string;
  style: "short" | "paragraph";
  required: boolean;
  /** A line under the label (Discord: the Label's description, at most 100 characters; Slack: the input's hint). */
  description?: string;
  placeholder?: string;
  initial?: string;
  maxLength?: number;
}

/** A channel where sessions run: a Discord text channel or a Slack channel. */
export interface ChannelRef {
  communityId: string;
  channelId: string;
}

/** A message the bot posted and may edit later (lobby countdown). */
export interface MessageRef {
  communityId: string;
  channelId: string;
  messageId: string;
}

/** A private space for one group: a private thread on Discord, a group DM on Slack. */
export interface SpaceRef {
  communityId: string;
  /** The session's channel (parent of the thread on Discord). */
  channelId: string;
  spaceId: string;
}

export interface OpenSpaceRequest {
  channel: ChannelRef;
  memberIds: readonly string[];
  /** Human title, e.g. "Quick Meet · round 2 · Alex & Sam"; Discord uses it as the thread name. */
  title: string;
  /**
   * How long the group may use the space, its answer window included: the platform must not close it on its own
   * before then (Discord archives an idle thread after its auto-archive duration).
   */
  openForMs: number;
  /**
   * An earlier attempt to open this same space may have reached the platform before the process died: reuse the
   * space it made if one is found (Discord: the channel's active thread of that name), rather than making another.
   */
  resume?: boolean;
}

/**
 * Makes a post idempotent across a crash. `key` is deterministic for one post (session, round, group, kind); the
 * adapter attaches it to the message (Discord: `nonce` + `enforce_nonce`; Slack: message metadata). With `resume`
 * an earlier attempt may already have posted it: the adapter looks for a message carrying the key first.
 */
export interface PostOnce {
  key: string;
  resume: boolean;
}

/** Something that stops a session from running in a channel, in words an organizer can act on. */
export interface ReadinessProblem {
  /** Platform permission or scope, e.g. "Create Private Threads" or "mpim:write". */
  permission: string;
  /** The full sentence shown to the organizer, naming the permission and the channel. */
  message: string;
}

/** A group's voice room once made, and who in the group was moved into it (the rest are sent its link). */
export interface OpenedVoiceRoom {
  space: SpaceRef;
  /** Members who sat in the lobby voice channel and are now in the room. */
  moved: readonly string[];
  /** Opens the room in the platform's app (for members who were not in voice). */
  url: string;
}

/**
 * Voice rounds (Discord): each group talks in a private voice room instead of a text space. Optional: platforms
 * without voice channels leave it out and `/quickmeet start mode:voice` says so.
 */
export interface VoiceRooms {
  /** Rights voice rounds need on top of `checkSessionReadiness` (e.g. Manage Channels, Move Members, Connect). */
  checkReadiness(channel: ChannelRef): Promise<ReadinessProblem[]>;
  /** The lobby voice channel: the one the organizer is connected to, else one the platform makes. */
  lobby(channel: ChannelRef, organizerId: string): Promise<VoiceLobby>;
  /**
   * A voice room only the group's members (and the bot) can see or join; members sitting in the lobby are moved in.
   * Its text chat takes `postInSpace`. Same errors as `openGroupSpace`.
   */
  openRoom(request: OpenSpaceRequest, lobby: VoiceLobby): Promise<OpenedVoiceRoom>;
  /** Members still in the room go back to the lobby; the room is deleted. */
  closeRoom(space: SpaceRef, lobby: VoiceLobby): Promise<void>;
  /** After the session: a lobby the platform made is removed (one the organizer chose stays). */
  closeLobby(channel: ChannelRef, lobby: VoiceLobby): Promise<void>;
}

/**
 * What the core needs from a chat platform. Adapters implement it; the fake platform in test/ records every call.
 * Every method may throw a `PlatformError` (see src/errors.ts) with a code the core reacts to.
 */
export interface ChatPlatform {
  readonly id: PlatformId;
  /** Largest group the platform's private spaces can hold besides the bot (Slack group DMs: 8). */
  readonly maxSpaceMembers: number;
  /** Most inputs one form can show (Discord modals: 5 components); unlimited when absent. */
  readonly maxFormFields?: number;
  /** Permission/scope problems that would stop a session in this channel; empty when ready. */
  checkSessionReadiness(channel: ChannelRef): Promise<ReadinessProblem[]>;
  /** Post a message visible to the channel. */
  postInChannel(channel: ChannelRef, message: RichMessage): Promise<MessageRef>;
  /** Replace a message the bot posted earlier. */
  updateMessage(ref: MessageRef, message: RichMessage): Promise<void>;
  /**
   * Open a private space that only the members (and the bot) can see. Throws `PlatformError` with code
   * `space-capacity` when the platform's cap is reached and `missing-permission` when the bot lacks a right.
   */
  openGroupSpace(request: OpenSpaceRequest): Promise<SpaceRef>;
  /** Post in a group's private space; with `once`, a retried post is not posted a second time. */
  postInSpace(space: SpaceRef, message: RichMessage, once?: PostOnce): Promise<MessageRef>;
  /**
   * Take a member who left the session out of a group's space. False where the platform cannot (a Slack group DM's
   * members are fixed): the core then says so in the space.
   */
  removeFromSpace(space: SpaceRef, userId: string): Promise<boolean>;
  /**
   * Close the space once its answer window is over (lock and archive the thread; Slack has nothing to close). Buttons
   * in a closed space may stop working (Discord disables them in locked threads), so the core closes a space only
   * after the feedback it asked for there can no longer be given.
   */
  closeSpace(space: SpaceRef): Promise<void>;
  /** Tell one member something only they see (DM on Discord/Slack, private panel in the sandbox). */
  sendPrivate(communityId: string, userId: string, message: RichMessage): Promise<void>;
  /** How many people can see the channel (participation rate denominator). */
  countChannelMembers(channel: ChannelRef): Promise<number>;
  /** A member's display name, for intros and summaries. */
  displayName(communityId: string, userId: string): Promise<string>;
  /**
   * Whether the member can see the channel (Discord: View Channel; Slack: a member of it). A click naming a channel
   * the member cannot see is forged or stale and is refused. Platforms without channel visibility may omit it.
   */
  canSeeChannel?(channel: ChannelRef, userId: string): Promise<boolean>;
  /**
   * Which of the organizer-chosen roles/channels (`chosen`) each of `userIds` holds now, as signal ids per member.
   * Only ids from `chosen` may be returned; a private channel never counts (answer nothing for it). Absent on
   * platforms without roles or channels.
   */
  memberSignals?(
    communityId: string,
    chosen: readonly InterestSignal[],
    userIds: readonly string[],
  ): Promise<Map<string, string[]>>;
  /**
   * What the platform profile says of each member: job title and IANA time zone (Slack users.info `profile.title`,
   * `tz`). Used only when organizers turned `platformProfile` on. Absent where the platform has no such profile.
   */
  memberProfileHints?(
    communityId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { title?: string; timeZone?: string }>>;
  /** Drop whatever the adapter cached about a member's roles/channels (forget-me). */
  forgetMemberSignals?(communityId: string, userId: string): void;
  /** Private voice rooms per group (Discord); absent where the platform has none. */
  readonly voiceRooms?: VoiceRooms;
}
