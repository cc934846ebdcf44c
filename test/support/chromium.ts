import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where the browser test looks for Chromium: `CHROMIUM_PATH`, else Debian's package. */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env) => env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const INSTALL_SCRIPT = join(import.meta.dirname, "../../scripts/install-chromium.sh");
/** The command a person runs when the tests may not install Chromium themselves. */
export const INSTALL_COMMAND = "sudo bash scripts/install-chromium.sh";

export interface ChromiumHost {
  exists(path: string): boolean;
  /** The effective user id (0 = root). */
  uid(): number;
  /** Runs the install script; its exit code. */
  install(script: string): number;
  env: NodeJS.ProcessEnv;
}

export const realHost: ChromiumHost = {
  exists: existsSync,
  uid: () => process.getuid?.() ?? -1,
  install: (script) => spawnSync("bash", [script], { stdio: "inherit" }).status ?? 1,
  env: process.env,
};

/**
 * Makes sure the browser test has a Chromium, so `npm install && npm test` is enough on a fresh machine: Debian's
 * package is installed when missing and the tests run as root; otherwise this fails with the exact command to run.
 * A `CHROMIUM_PATH` the caller chose is never installed over.
 */
export function ensureChromium(host: ChromiumHost = realHost): string {
  const path = chromiumPath(host.env);
  if (host.exists(path)) return path;
  if (host.env.CHROMIUM_PATH !== undefined)
    throw new Error(`CHROMIUM_PATH=${path} does not exist: point it at a Chromium binary, or unset it.`);
  if (host.uid() !== 0)
    throw new Error(
      `${path} is missing and the tests are not running as root, so they cannot install it. Run: ${INSTALL_COMMAND}`,
    );
  const code = host.install(INSTALL_SCRIPT);
  if (code !== 0 || !host.exists(path))
    throw new Error(`Installing Chromium failed (exit ${code}). Run it by hand to see why: ${INSTALL_COMMAND}`);
  return path;
}
