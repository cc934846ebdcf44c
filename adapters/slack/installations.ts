import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { keys } from "../../src/store/keys.ts";
import type { Store } from "../../src/store/port.ts";
import type { TokenCipher } from "./token-cipher.ts";

/** One workspace's installation as stored: ids, scopes and the installer in clear, tokens sealed. */
export interface StoredInstallation {
  v: 1;
  /** The store id: the team id, or `E:<enterprise id>` for an org-wide install. */
  id: string;
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall: boolean;
  appId?: string;
  botId: string;
  botUserId: string;
  botScopes: string[];
  /** Sealed with the TokenCipher, `id` as additional data. */
  botToken: string;
  installerUserId: string;
  /** Sealed too; quickmeet asks for no user scopes, so normally absent. */
  userToken?: string;
  userScopes?: string[];
  installedAt: number;
}

/** Where an installation lives: the org for an org-wide install, else the workspace. */
export function installationId(q: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return q.teamId;
  if (q.enterpriseId) return `E:${q.enterpriseId}`;
  throw new Error("A Slack installation needs a team id or an enterprise id");
}

/**
 * Bolt's InstallationStore on quickmeet's Store port: `/slack/oauth_redirect` stores through it, every incoming event
 * is authorized through `fetchInstallation`, and uninstall deletes through it. Tokens never reach the store in clear.
 */
export class StoreInstallationStore implements InstallationStore {
  constructor(
    private readonly store: Store,
    private readonly cipher: TokenCipher,
    private readonly now: () => number = Date.now,
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const bot = installation.bot;
    if (!bot) throw new Error("The Slack installation carries no bot token: the app must request bot scopes");
    const id = installationId({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall,
    });
    const record: StoredInstallation = {
      v: 1,
      id,
      ...(installation.team?.id ? { teamId: installation.team.id } : {}),
      ...(installation.team?.name ? { teamName: installation.team.name } : {}),
      ...(installation.enterprise?.id ? { enterpriseId: installation.enterprise.id } : {}),
      ...(installation.enterprise?.name ? { enterpriseName: installation.enterprise.name } : {}),
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
      ...(installation.appId ? { appId: installation.appId } : {}),
      botId: bot.id,
      botUserId: bot.userId,
      botScopes: bot.scopes,
      botToken: this.cipher.seal(bot.token, id),
      installerUserId: installation.user.id,
      ...(installation.user.token ? { userToken: this.cipher.seal(installation.user.token, id) } : {}),
      ...(installation.user.scopes ? { userScopes: installation.user.scopes } : {}),
      installedAt: this.now(),
    };
    await this.store.set(keys.slackInstallation(id), record);
    await this.store.withLock(keys.slackInstallationsLock(), async () => {
      const ids = await this.ids();
      if (!ids.includes(id)) await this.store.set(keys.slackInstallationsIndex(), [...ids, id]);
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const record = await this.find(query);
    if (!record)
      throw new Error(`No Slack installation for ${installationId(query)}: install the app from /slack/install`);
    return this.toInstallation(record);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const id = installationId(query);
    await this.store.delete(keys.slackInstallation(id));
    await this.store.withLock(keys.slackInstallationsLock(), async () => {
      const ids = await this.ids();
      if (ids.includes(id))
        await this.store.set(
          keys.slackInstallationsIndex(),
          ids.filter((x) => x !== id),
        );
    });
  }

  /** The stored row (tokens still sealed), or undefined; a team of an org-wide install finds the org's row. */
  async find(query: InstallationQuery<boolean>): Promise<StoredInstallation | undefined> {
    const own = await this.store.get<StoredInstallation>(keys.slackInstallation(installationId(query)));
    if (own || !query.enterpriseId || query.isEnterpriseInstall) return own;
    return this.store.get<StoredInstallation>(keys.slackInstallation(`E:${query.enterpriseId}`));
  }

  /** The workspace's bot token, opened; undefined when the app is not installed there. */
  async botToken(query: InstallationQuery<boolean>): Promise<string | undefined> {
    const record = await this.find(query);
    return record ? this.cipher.open(record.botToken, record.id) : undefined;
  }

  async ids(): Promise<string[]> {
    return (await this.store.get<string[]>(keys.slackInstallationsIndex())) ?? [];
  }

  /**
   * Start-up check: open one stored token, so a wrong SLACK_TOKEN_ENCRYPTION_KEY stops the bot at once instead of
   * failing every workspace's first event. Returns how many installations are stored.
   */
  async verifyKey(): Promise<number> {
    const ids = await this.ids();
    for (const id of ids) {
      const record = await this.store.get<StoredInstallation>(keys.slackInstallation(id));
      if (!record) continue;
      this.cipher.open(record.botToken, record.id);
      break;
    }
    return ids.length;
  }

  private toInstallation(r: StoredInstallation): Installation {
    return {
      team: r.teamId ? { id: r.teamId, ...(r.teamName ? { name: r.teamName } : {}) } : undefined,
      enterprise: r.enterpriseId
        ? { id: r.enterpriseId, ...(r.enterpriseName ? { name: r.enterpriseName } : {}) }
        : undefined,
      user: {
        id: r.installerUserId,
        token: r.userToken ? this.cipher.open(r.userToken, r.id) : undefined,
        scopes: r.userScopes,
      },
      bot: {
        id: r.botId,
        userId: r.botUserId,
        scopes: r.botScopes,
        token: this.cipher.open(r.botToken, r.id),
      },
      tokenType: "bot",
      isEnterpriseInstall: r.isEnterpriseInstall,
      authVersion: "v2",
      ...(r.appId ? { appId: r.appId } : {}),
    } as Installation;
  }
}
