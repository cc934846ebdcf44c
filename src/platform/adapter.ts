import type { BotInbound } from "./inbound.ts";
import type { ChatPlatform } from "./port.ts";

/**
 * A platform adapter: the outbound port the core calls, plus the connection that delivers platform events to the
 * bot. `createBot` receives adapters; `bot.start()` (called by app/main.ts) starts them once the bot exists.
 */
export interface PlatformAdapter extends ChatPlatform {
  /** Connect (gateway, Socket Mode or HTTP receiver) and start delivering events to `bot`. */
  start(bot: BotInbound): Promise<void>;
  /** Disconnect and release sockets/ports. Calls still waiting for a rate-limit slot are rejected ("stopping"). */
  stop(): Promise<void>;
  /** Resolves when every event acknowledged so far has been fully handled (graceful shutdown drains through it). */
  settled?(): Promise<void>;
  /** Null while connected and serving; otherwise why not (shown by GET /readyz). */
  notReadyReason?(): string | null;
}
