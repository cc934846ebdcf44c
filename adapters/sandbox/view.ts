import type { SandboxWorld, WorldMessage, WorldSpace } from "./world.ts";

/** A message as the page receives it; the page renders the markup (`**bold**`, `<@id>`, `\n`) after escaping. */
export interface MessageView {
  id: string;
  author: string;
  authorName: string;
  at: number;
  ephemeral: boolean;
  title?: string;
  text: string;
  fields: Array<{ label: string; value: string }>;
  /** `url`: a link button (a video room), opened in a new tab rather than clicked through the bot. */
  buttons: Array<Array<{ actionId: string; label: string; style: string; url?: string }>>;
  /** PNG/JPEG shown as images; anything else (CSV) offered as a download. */
  attachments: Array<{ name: string; contentType: string; dataUrl: string }>;
}

export interface SpaceView {
  id: string;
  title: string;
  members: string[];
  closed: boolean;
  messages: MessageView[];
}

export interface ViewerState {
  viewer: { id: string; name: string; organizer: boolean };
  version: number;
  now: number;
  skippedMs: number;
  nextDueAt: number | null;
  channel: { id: string; name: string; messages: MessageView[] };
  spaces: SpaceView[];
  private: MessageView[];
  /** Display names for every member and channel id a message may mention. */
  names: Record<string, string>;
}

export function messageView(world: SandboxWorld, m: WorldMessage): MessageView {
  const { message } = m;
  return {
    id: m.id,
    author: m.author,
    authorName: world.name(m.author),
    at: m.at,
    ephemeral: m.ephemeral === true,
    ...(message.title !== undefined ? { title: message.title } : {}),
    text: message.text,
    fields: (message.fields ?? []).map((f) => ({ label: f.label, value: f.value })),
    buttons: (message.buttons ?? []).map((row) =>
      row.map((b) => ({
        actionId: b.actionId,
        label: b.label,
        style: b.style ?? "secondary",
        ...(b.url ? { url: b.url } : {}),
      })),
    ),
    attachments: (message.attachments ?? []).map((a) => ({
      name: a.name,
      contentType: a.contentType,
      dataUrl: `data:${a.contentType};base64,${Buffer.from(a.data).toString("base64")}`,
    })),
  };
}

export function spaceView(world: SandboxWorld, space: WorldSpace): SpaceView {
  return {
    id: space.id,
    title: space.title,
    members: [...space.members],
    closed: space.closed,
    messages: space.messages.map((m) => messageView(world, m)),
  };
}

/**
 * Everything one viewer may see, and nothing more: the public channel, the spaces they are a member of, their own
 * private messages. This is the only place the page's data comes from.
 */
export function viewerState(
  world: SandboxWorld,
  viewerId: string,
  channelId: string,
  time: { now: number; skippedMs: number; nextDueAt: number | undefined },
): ViewerState | undefined {
  const viewer = world.members.get(viewerId);
  const channel = world.channels.get(channelId);
  if (!viewer || !channel) return undefined;
  const names: Record<string, string> = {};
  for (const member of world.members.values()) names[member.id] = member.name;
  for (const c of world.channels.values()) names[c.id] = c.name;
  return {
    viewer: { id: viewer.id, name: viewer.name, organizer: viewer.organizer },
    version: world.version,
    now: time.now,
    skippedMs: time.skippedMs,
    nextDueAt: time.nextDueAt ?? null,
    channel: { id: channel.id, name: channel.name, messages: channel.messages.map((m) => messageView(world, m)) },
    spaces: world.spacesOf(viewerId).map((s) => spaceView(world, s)),
    private: world.privateMessagesOf(viewerId).map((m) => messageView(world, m)),
    names,
  };
}
