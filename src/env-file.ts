import { existsSync } from "node:fs";

/**
 * Reads `.env` from the working directory into process.env, as `npm start` and the discord:* scripts all do, so the
 * README's steps work in any order. Variables already set in the environment win (Node's loadEnvFile rule).
 */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
