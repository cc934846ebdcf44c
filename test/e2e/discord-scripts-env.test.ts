import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

describe("npm run discord:invite after README step 2 (credentials in .env)", () => {
  it("reads DISCORD_APP_ID from .env in the working directory, as the bot does", () => {
    const cwd = mkdtempSync(join(tmpdir(), "qm-env-"));
    writeFileSync(join(cwd, ".env"), "DISCORD_APP_ID=424242\nDISCORD_TOKEN=unused\n");
    const output = execFileSync(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/discord-invite.ts")], {
      cwd,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(output).toContain("client_id=424242");
  });
});
