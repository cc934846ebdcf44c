import { webApi } from "@slack/bolt";
import type { Logger } from "../../src/logger.ts";
import type { Metrics } from "../../src/metrics.ts";
import { ChannelSignals } from "./channel-signals.ts";
import { Directory } from "./directory.ts";
import { Pacer, type PacerOptions } from "./pacer.ts";
import { SlackPlatform } from "./platform.ts";
import { SlackWeb } from "./web.ts";

/** Everything the adapter holds for one workspace: its token's client, pacing, member directory and platform. */
export interface SlackWorkspace {
  readonly key: string;
  readonly web: SlackWeb;
  readonly directory: Directory;
  readonly platform: SlackPlatform;
  readonly pacer: Pacer;
}

/** The app is not (or no longer) installed in that workspace. */
export class NotInstalledError extends Error {
  readonly code = "not-installed";
  constructor(readonly teamId: string) {
    super(`quickmeet is not installed in Slack workspace ${teamId} (install it from /slack/install)`);
  }
}

export interface WorkspacesOptions {
  /** The bot token of a workspace, or undefined when it is not installed there. */
  tokenFor(teamId: string): Promise<string | undefined>;
  /** One workspace for every team id: single-workspace mode (SLACK_BOT_TOKEN). */
  single: boolean;
  clientOptions: webApi.WebClientOptions;
  pacing?: PacerOptions;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The adapter's workspaces by team id, each built once on first use with its own token. Slack's rate limits are per
 * workspace and per method, so each workspace has its own Pacer; caches (members, DMs, channel members) never mix
 * workspaces. In single-workspace mode every team id maps to the one workspace of SLACK_BOT_TOKEN, as before.
 */
export class Workspaces {
  private readonly open = new Map<string, Promise<SlackWorkspace>>();

  constructor(private readonly options: WorkspacesOptions) {}

  private keyOf(teamId: string): string {
    return this.options.single ? "*" : teamId;
  }

  /** The workspace of `teamId`; throws NotInstalledError when the app has no token there. */
  get(teamId: string): Promise<SlackWorkspace> {
    const key = this.keyOf(teamId);
    let pending = this.open.get(key);
    if (!pending) {
      pending = this.build(key, teamId);
      this.open.set(key, pending);
      // A failed look-up (not installed, store down) is not remembered: the next event asks again.
      pending.catch(() => this.open.delete(key));
    }
    return pending;
  }

  /** Already-built workspace, without asking the store (sync callers). */
  async peek(teamId: string): Promise<SlackWorkspace | undefined> {
    const pending = this.open.get(this.keyOf(teamId));
    return pending ? pending.catch(() => undefined) : undefined;
  }

  /** Forget a workspace (uninstalled, token revoked): its pacing timers stop and its caches go. */
  async evict(teamId: string): Promise<void> {
    const key = this.keyOf(teamId);
    const pending = this.open.get(key);
    this.open.delete(key);
    const ws = await pending?.catch(() => undefined);
    ws?.pacer.stop();
  }

  async stop(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const pending of all) (await pending.catch(() => undefined))?.pacer.stop();
  }

  private async build(key: string, teamId: string): Promise<SlackWorkspace> {
    const token = await this.options.tokenFor(teamId);
    if (!token) throw new NotInstalledError(teamId);
    const client = new webApi.WebClient(token, this.options.clientOptions);
    // With rejectRateLimitedCalls off, the client waits Retry-After and retries every 429 it reports here.
    client.on(webApi.WebClientEvent.RATE_LIMITED, () => {
      this.options.metrics.rateLimited("slack");
      this.options.metrics.retried("slack");
    });
    const pacer = new Pacer(this.options.pacing);
    const web = new SlackWeb(client, pacer);
    const { logger } = this.options;
    const directory = new Directory(web, logger);
    const platform = new SlackPlatform(web, directory, new ChannelSignals(web, logger));
    // Every member at once (users.list pages), so a burst of clicks needs no per-member users.info.
    await directory
      .warm()
      .catch((error: unknown) => logger.warn("slack: could not list members (users:read?)", { error, teamId }));
    return { key, web, directory, platform, pacer };
  }
}
