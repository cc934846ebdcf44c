import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "../../src/logger.ts";
import type { RichMessage } from "../../src/platform/port.ts";
import type { SandboxWorld, WorldMessage } from "./world.ts";

/**
 * The sandbox platform's own state on disk, beside the bot's store: what Discord's or Slack's servers would keep
 * across a bot restart (channel messages, spaces, DMs) plus how far the clock was fast-forwarded. Without it, a
 * restart mid-session would leave the core posting into spaces the platform no longer knows.
 */
interface StoredMessage extends Omit<WorldMessage, "message"> {
  message: Omit<RichMessage, "attachments"> & {
    attachments?: Array<{ name: string; contentType: string; base64: string }>;
  };
}

export interface WorldSnapshot {
  v: 1;
  seq: number;
  skippedMs: number;
  channels: Array<{ id: string; messages: StoredMessage[] }>;
  spaces: Array<{
    id: string;
    channelId: string;
    title: string;
    members: string[];
    closed: boolean;
    messages: StoredMessage[];
  }>;
  privates: Array<{ userId: string; messages: StoredMessage[] }>;
}

const toStored = (m: WorldMessage): StoredMessage => {
  const { attachments, ...rest } = m.message;
  return {
    ...m,
    message: {
      ...rest,
      ...(attachments
        ? {
            attachments: attachments.map((a) => ({
              name: a.name,
              contentType: a.contentType,
              base64: Buffer.from(a.data).toString("base64"),
            })),
          }
        : {}),
    },
  };
};

const fromStored = (m: StoredMessage): WorldMessage => {
  const { attachments, ...rest } = m.message;
  const message: RichMessage = {
    ...rest,
    ...(attachments
      ? {
          attachments: attachments.map((a) => ({
            name: a.name,
            contentType: a.contentType,
            data: new Uint8Array(Buffer.from(a.base64, "base64")),
          })),
        }
      : {}),
  };
  return { ...m, message };
};

export function snapshotOf(world: SandboxWorld, skippedMs: number): WorldSnapshot {
  const state = world.dump();
  return {
    v: 1,
    seq: state.seq,
    skippedMs,
    channels: state.channels.map((c) => ({ id: c.id, messages: c.messages.map(toStored) })),
    spaces: state.spaces.map((s) => ({ ...s, messages: s.messages.map(toStored) })),
    privates: state.privates.map(([userId, list]) => ({ userId, messages: list.map(toStored) })),
  };
}

/** Loads a saved world into `world`; returns the clock offset it had, or undefined when there was nothing to load. */
export function loadWorld(file: string, world: SandboxWorld, logger: Logger): number | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const snapshot = JSON.parse(readFileSync(file, "utf8")) as WorldSnapshot;
    if (snapshot.v !== 1) throw new Error(`unknown sandbox state version ${String(snapshot.v)}`);
    world.load({
      seq: snapshot.seq,
      channels: snapshot.channels.map((c) => ({ id: c.id, messages: c.messages.map(fromStored) })),
      spaces: snapshot.spaces.map((s) => ({ ...s, messages: s.messages.map(fromStored) })),
      privates: snapshot.privates.map((p) => [p.userId, p.messages.map(fromStored)] as const),
    });
    return snapshot.skippedMs;
  } catch (error) {
    // A damaged file must not stop the sandbox; the bot's own store still holds every session and stat.
    logger.warn("sandbox state file unreadable; starting with an empty channel", { file, error });
    return undefined;
  }
}

/** Saves the world a moment after it changes (bursts coalesce), atomically (temp file + rename). */
export function autosave(file: string, save: () => WorldSnapshot, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(save()));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      logger.warn("sandbox state could not be saved", { file, error });
    }
  };
  return {
    schedule() {
      timer ??= setTimeout(flush, 200);
    },
    /** Writes now if a save is pending (shutdown). */
    flush() {
      if (timer) flush();
    },
  };
}
