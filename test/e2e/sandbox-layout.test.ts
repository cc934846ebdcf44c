import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandboxAdapter, createSandboxClock, type SandboxAdapter } from "../../adapters/sandbox/index.ts";
import { commands } from "../../commands/index.ts";
import { type Bot, createBot } from "../../src/bot.ts";
import { defaultBotConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import { createMemoryStore } from "../../src/store/memory.ts";
import { ensureChromium } from "../support/chromium.ts";

/**
 * The sandbox page's layout in real Chromium at a phone, a small laptop and a desktop width: nothing scrolls
 * sideways, no text is cut off, long unbroken text wraps, and on laptop and desktop the page fits the window.
 */
const ARTIFACTS = join(process.cwd(), "test-artifacts");
const WIDTHS = [390, 1024, 1440] as const;
const HEIGHT = 800;
const LONG_WORD = `https://example.org/${"a-very-long-unbroken-path-segment".repeat(4)}`;

/**
 * Runs in the page (a string: the tests' tsconfig has no DOM types): elements that stick out of their pane or the
 * header, and scroll containers whose content is wider than they are (text cut off sideways).
 */
const OVERFLOW_REPORT = `(() => {
  const problems = [];
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "") +
    ' "' + (e.textContent || "").trim().slice(0, 30) + '"';
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) problems.push("page scrolls sideways: " + doc.scrollWidth + " > " + doc.clientWidth);
  for (const e of document.querySelectorAll(".top *, .pane *")) {
    const style = getComputedStyle(e);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const box = (e.closest(".pane") || e.closest(".top")).getBoundingClientRect();
    if (r.right > box.right + 1 || r.left < box.left - 1) problems.push("sticks out of its pane: " + name(e));
    const clips = ["hidden", "auto", "scroll", "clip"].includes(style.overflowX);
    if (clips && e.scrollWidth > e.clientWidth + 1) problems.push("clips its text sideways: " + name(e));
  }
  return problems;
})()`;

const FIT_REPORT = `(() => ({
  page: document.documentElement.scrollHeight,
  window: window.innerHeight,
  chips: Math.max(...[...document.querySelectorAll(".chip")].map((c) => c.getBoundingClientRect().bottom)),
}))()`;

describe("sandbox page layout in a real browser", () => {
  let dir: string;
  let sandbox: SandboxAdapter;
  let bot: Bot;
  let browser: Browser;

  beforeAll(async () => {
    const executablePath = ensureChromium();
    dir = mkdtempSync(join(tmpdir(), "qm-sandbox-layout-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    const clock = createSandboxClock();
    sandbox = createSandboxAdapter({ port: 0, clock, autoplayPace: 0.05, autoplaySeed: 7 });
    const store = createMemoryStore();
    bot = createBot({ platforms: [sandbox], commands, store, clock, logger: silentLogger, config: defaultBotConfig });
    await bot.start();
    browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    // A session in round 1, a long unbroken line in a space, and the member's private overview with values.
    const page = await browser.newPage();
    await open(page, "UORGANIZER");
    await type(page, "/quickmeet start rounds:2 minutes:2 lobby_minutes:1");
    await open(page, "UAMARA");
    await page.getByTestId("channel").getByRole("button", { name: "Join" }).click();
    await sandbox.fastForward();
    await sandbox.idle();
    const space = page.getByTestId("spaces").locator(".space").first();
    await space.waitFor();
    await space.locator(".space-form input").fill(LONG_WORD);
    await space.locator(".space-form input").press("Enter");
    await type(page, "/quickmeet me");
    await type(page, `/quickmeet profile fun_fact:"${LONG_WORD}"`);
    // The organizer's private pane: stats with their figures, chart and exports.
    await open(page, "UORGANIZER");
    await type(page, "/quickmeet stats");
    await type(page, "/quickmeet help start");
    await sandbox.idle();
    await page.close();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the page as a viewer and waits until its script is ready (Enter before that would submit natively). */
  async function open(page: Page, viewer: string) {
    await page.goto(`${sandbox.url}?as=${viewer}`);
    await page.waitForFunction(`document.getElementById("viewer")?.value === ${JSON.stringify(viewer)}`);
  }

  async function type(page: Page, text: string) {
    const done = page.waitForResponse((r) => r.url().endsWith("/api/command"));
    await page.getByTestId("command").fill(text);
    await page.getByTestId("command").press("Enter");
    await done;
  }

  it.each(WIDTHS)("at %i px: no sideways scroll, no clipped text, long words wrap", async (width) => {
    const page = await browser.newPage({ viewport: { width, height: HEIGHT } });
    for (const viewer of ["UAMARA", "UORGANIZER"]) {
      await page.goto(`${sandbox.url}?as=${viewer}`);
      await expect
        .poll(() => page.getByTestId("private").textContent())
        .toMatch(/Profile saved|Quick Meet commands|start/);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ARTIFACTS, `sandbox-layout-${width}-${viewer}.png`), fullPage: true });
      expect(await page.evaluate<string[]>(OVERFLOW_REPORT), viewer).toEqual([]);
      if (width >= 1024) {
        // The page fits the window: nothing below it, the "Try:" chips included.
        const fits = await page.evaluate<{ page: number; window: number; chips: number }>(FIT_REPORT);
        expect(fits.page, viewer).toBeLessThanOrEqual(fits.window);
        expect(fits.chips, viewer).toBeLessThanOrEqual(fits.window);
      }
    }
    // The long line is shown whole, wrapped inside its message.
    await page.goto(`${sandbox.url}?as=UAMARA`);
    const long = page.getByTestId("spaces").getByText(LONG_WORD.slice(0, 40)).first();
    // Polled: the page redraws as simulated members write.
    await expect.poll(async () => (await long.boundingBox().catch(() => null))?.height ?? 0).toBeGreaterThan(30);
    await page.close();
  });

  it("marks one choice per row: after Leave, the lobby no longer shows ✓ Join", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: HEIGHT } });
    await page.goto(`${sandbox.url}?as=UAMARA`);
    const lobby = page.getByTestId("channel");
    await lobby.getByRole("button", { name: "Join" }).click();
    await expect.poll(() => lobby.locator(".buttons button").allTextContents()).toEqual(["✓ Join", "Leave"]);
    await lobby.getByRole("button", { name: "Leave" }).click();
    await expect.poll(() => lobby.locator(".buttons button").allTextContents()).toEqual(["Join", "✓ Leave"]);
    await page.close();
  });
});
