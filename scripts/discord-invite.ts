/**
 * Prints the URL that adds the bot to a server with exactly the permissions it needs (see adapters/discord/README.md).
 * Usage: `npx tsx scripts/discord-invite.ts` with DISCORD_APP_ID set in .env or the environment (DISCORD_GUILD_ID preselects that server).
 * `--voice` adds what voice rounds need (Manage Channels, Move Members, Connect).
 */
import { PermissionsBitField } from "discord.js";
import { INVITE_PERMISSIONS, INVITE_SCOPES, inviteUrl, VOICE_INVITE_PERMISSIONS } from "../adapters/discord/invite.ts";
import { loadDotEnv } from "../src/env-file.ts";

loadDotEnv();

const appId = process.env.DISCORD_APP_ID?.trim();
if (!appId) {
  console.error("Set DISCORD_APP_ID (Developer Portal → your application → Application ID).");
  process.exitCode = 1;
} else {
  const voice = process.argv.includes("--voice");
  const permissions = voice ? VOICE_INVITE_PERMISSIONS : INVITE_PERMISSIONS;
  console.log(inviteUrl(appId, process.env.DISCORD_GUILD_ID?.trim() || undefined, { voice }));
  console.log(`\nScopes: ${INVITE_SCOPES.join(", ")}`);
  console.log(`Permissions (${permissions}): ${new PermissionsBitField(permissions).toArray().join(", ")}`);
}
