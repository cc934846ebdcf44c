/** Shapes of the Slack emulator's state and inspection API. Plain data so tests can compare it directly. */

export interface EmuUser {
  id: string;
  name: string;
  realName: string;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
  deleted: boolean;
  /** Profile job title (`profile.title`); "" when unset, as Slack sends it. */
  title?: string;
  /** IANA zone; Slack sends `tz`, `tz_label` and `tz_offset` (seconds east of UTC) for every human member. */
  tz?: string;
}

export type ChannelKind = "channel" | "private" | "im" | "mpim";

export interface EmuChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  members: string[];
  created: number;
}

/** A message as the workspace stores it; `blocks` are kept as the raw Block Kit JSON the app sent. */
export interface EmuMessage {
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks: unknown[];
  /** Set on messages only one user sees (chat.postEphemeral, ephemeral response_url replies). */
  ephemeralFor?: string;
  threadTs?: string;
  edited?: boolean;
  files?: string[];
  /** chat.postMessage `metadata` (event_type + event_payload), returned by conversations.history on request. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface EmuView {
  id: string;
  userId: string;
  type: "modal" | "home";
  view: Record<string, unknown>;
  triggerId?: string;
}

/**
 * A file uploaded with files.getUploadURLExternal → POST to its upload URL → files.completeUploadExternal.
 * `data` is the bytes the upload URL received (the file part of a multipart body, or the raw body);
 * `channels` lists where completeUploadExternal shared it (empty: uploaded but private to the uploader).
 */
export interface EmuFile {
  id: string;
  name: string;
  /** The byte length the app declared in files.getUploadURLExternal. */
  length: number;
  title: string;
  /** What Slack infers from the file name (png → image/png, csv → text/csv). */
  mimetype: string;
  data?: Buffer;
  completed: boolean;
  channels: string[];
  /** The share message in each channel (the one holding `files`). */
  shares: Array<{ channel: string; ts: string; threadTs?: string }>;
}

/** One Web API call as the emulator saw it. `at` is `performance.now()` in ms. */
export interface RequestLogEntry {
  method: string;
  at: number;
  /** The call's `channel` argument, when it had one. */
  channel?: string;
  /** Rate-limit bucket key the call counted against (e.g. `tier3:conversations.open`, `post:G123`). */
  buckets: string[];
  status: 200 | 429;
  ok: boolean;
  error?: string;
}

/** A bucket of the token-bucket rate limiter: `burst` calls at once, then `perMinute`. */
export interface BucketSpec {
  perMinute: number;
  burst: number;
}

/** What an app-facing delivery (slash command, action, event) got back, and how fast. */
export interface AckRecord {
  kind: "slash_commands" | "interactive" | "events_api";
  transport: "http" | "socket";
  ackMs: number;
  /** The ack arrived after Slack's 3-second window (or never): Slack would show the user an error. */
  late: boolean;
  status: number;
}
