import { describe, expect, it } from "vitest";
import { type ChromiumHost, ensureChromium, INSTALL_SCRIPT } from "../../support/chromium.ts";

/** A machine where Chromium appears once the install script ran successfully. */
function machine(options: { has?: boolean; uid: number; exit?: number; env?: NodeJS.ProcessEnv }) {
  let installed = options.has ?? false;
  const runs: string[] = [];
  const host: ChromiumHost = {
    exists: (path) => path === "/usr/bin/chromium" && installed,
    uid: () => options.uid,
    install: (script) => {
      runs.push(script);
      if ((options.exit ?? 0) === 0) installed = true;
      return options.exit ?? 0;
    },
    env: options.env ?? {},
  };
  return { host, runs };
}

describe("the browser test's Chromium on a fresh machine", () => {
  it("installs Debian's Chromium itself when missing and running as root", () => {
    const m = machine({ uid: 0 });
    expect(ensureChromium(m.host)).toBe("/usr/bin/chromium");
    expect(m.runs).toEqual([INSTALL_SCRIPT]);
  });

  it("uses an installed Chromium without installing anything", () => {
    const m = machine({ has: true, uid: 1000 });
    expect(ensureChromium(m.host)).toBe("/usr/bin/chromium");
    expect(m.runs).toEqual([]);
  });

  it("fails with the exact command to run when it may not install", () => {
    const m = machine({ uid: 1000 });
    expect(() => ensureChromium(m.host)).toThrow("Run: sudo bash scripts/install-chromium.sh");
    expect(m.runs).toEqual([]);
  });

  it("says so when the install fails, and never installs over a CHROMIUM_PATH the caller chose", () => {
    expect(() => ensureChromium(machine({ uid: 0, exit: 100 }).host)).toThrow("Installing Chromium failed (exit 100)");
    const chosen = machine({ uid: 0, env: { CHROMIUM_PATH: "/opt/chrome/chrome" } });
    expect(() => ensureChromium(chosen.host)).toThrow("CHROMIUM_PATH=/opt/chrome/chrome does not exist");
    expect(chosen.runs).toEqual([]);
  });
});
