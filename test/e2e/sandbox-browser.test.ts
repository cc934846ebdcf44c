import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandboxAdapter, createSandboxClock, type SandboxAdapter } from "../../adapters/sandbox/index.ts";
import { commands } from "../../commands/index.ts";
import { type Bot, createBot } from "../../src/bot.ts";
import { defaultBotConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import type { Store } from "../../src/store/port.ts";
import { createSqliteStore } from "../../src/store/sqlite.ts";
import { ensureChromium } from "../support/chromium.ts";

/**
 * A whole Quick Meet through the sandbox page in real Chromium (Debian's `chromium`, installed by
 * scripts/install-chromium.sh; playwright-core only drives it and never downloads a browser).
 */
const ARTIFACTS = join(process.cwd(), "test-artifacts");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const hasStats = commands.some((c) => c.name === "stats");
/** The text a locator shows (textContent: markup-free, layout-independent). */
const shown = async (locator: Locator) => (await locator.textContent()) ?? "";

describe("sandbox page in a real browser", () => {
  let dir: string;
  let store: Store;
  let sandbox: SandboxAdapter;
  let bot: Bot;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // Installs Debian's Chromium when missing and running as root; otherwise fails naming the command to run.
    const CHROMIUM = ensureChromium();
    dir = mkdtempSync(join(tmpdir(), "qm-sandbox-e2e-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    // The production store: a SQLite file.
    store = createSqliteStore(join(dir, "quickmeet.sqlite"));
    const clock = createSandboxClock();
    sandbox = createSandboxAdapter({ port: 0, clock, autoplayPace: 0.05, autoplaySeed: 42 });
    bot = createBot({ platforms: [sandbox], commands, store, clock, logger: silentLogger, config: defaultBotConfig });
    await bot.start();
    browser = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1500, height: 950 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What one viewer's page shows. */
  const view = (p: Page) => ({
    channel: () => shown(p.getByTestId("channel")),
    privately: () => shown(p.getByTestId("private")),
    spaces: () => p.getByTestId("spaces").locator(".space"),
    type: async (text: string) => {
      await p.getByTestId("command").fill(text);
      await p.getByTestId("command").press("Enter");
    },
    actAs: async (id: string) => {
      await p.getByTestId("viewer").selectOption(id);
      await expect.poll(() => p.url()).toContain(`as=${id}`);
    },
    fastForward: async () => {
      const done = p.waitForResponse((r) => r.url().endsWith("/api/fast-forward"));
      await p.getByTestId("fast-forward").click();
      await done;
      await sandbox.idle();
    },
  });
  const lobbyTitle = () => sandbox.world.channels.get("C0GENERAL")?.messages[0]?.message.title ?? "";

  it("runs a Quick Meet from the organizer's command to the stats chart", async () => {
    // Two viewers at once, as two people would be: the organizer, and a member the person plays.
    const organizerPage = page;
    const memberPage = await browser.newPage();
    const organizer = view(organizerPage);
    const amara = view(memberPage);
    await organizerPage.goto(`${sandbox.url}?as=UORGANIZER`);
    await memberPage.goto(`${sandbox.url}?as=UAMARA`);
    await expect.poll(() => organizerPage.getByTestId("viewer").inputValue()).toBe("UORGANIZER");
    await expect.poll(() => memberPage.getByTestId("viewer").inputValue()).toBe("UAMARA");

    // The organizer types the slash command as on Discord or Slack; the member's page updates live.
    await organizer.type("/quickmeet start rounds:2 minutes:2 lobby_minutes:1");
    await expect.poll(organizer.privately).toContain("Quick Meet started");
    await expect.poll(amara.channel).toContain("Quick Meet: join to meet people one-on-one");
    // The eleven other simulated members join on their own; the member played here joins with the button.
    await expect.poll(organizer.channel, { timeout: 10_000 }).toMatch(/Joined\s*11 people/);
    await memberPage.getByTestId("channel").getByRole("button", { name: "Join" }).click();
    await expect.poll(amara.privately).toContain("You're in!");
    // The profile command answers with a form, shown as a dialog.
    await amara.type("/quickmeet profile");
    const dialog = memberPage.locator("#form-dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('input[name="interests"]').inputValue()).toContain("crisis communication");
    await dialog.locator('input[name="city"]').fill("Buffalo");
    await dialog.getByRole("button", { name: "Submit" }).click();
    await expect.poll(amara.privately).toContain("Profile saved");
    await expect.poll(amara.privately).toContain("Buffalo");
    await expect.poll(organizer.channel, { timeout: 10_000 }).toMatch(/Joined\s*12 people/);

    // Fast-forward to the end of the lobby: round 1 opens, and the member sees their own group's space only.
    await organizer.fastForward();
    await expect.poll(() => amara.spaces().count()).toBe(1);
    const mine = amara.spaces().first();
    const mineId = (await mine.getAttribute("data-space-id")) ?? "";
    expect(sandbox.world.spaces.get(mineId)?.members).toContain("UAMARA");
    // The space shows as soon as it is opened; its intro is posted a moment later.
    await expect.poll(() => shown(mine)).toMatch(/Round 1 of 2[\s\S]*Amara Okafor/);
    expect(await shown(mine)).toContain("What you share");
    await expect
      .poll(() => [...sandbox.world.spaces.values()].filter((s) => !s.members.includes("UAMARA")).length)
      .toBe(5);
    const theirs = [...sandbox.world.spaces.values()].filter((s) => !s.members.includes("UAMARA"));
    const statuses = await memberPage.evaluate(
      async (ids) => Promise.all(ids.map(async (id) => (await fetch(`/api/spaces/${id}?as=UAMARA`)).status)),
      theirs.map((s) => s.id),
    );
    expect(new Set(statuses)).toEqual(new Set([404]));
    // The organizer did not join: no space for them. Switching to another member shows that member's space only.
    expect(await organizer.spaces().count()).toBe(0);
    const other = theirs[0]!.members[0]!;
    await organizer.actAs(other);
    await expect.poll(() => organizer.spaces().count()).toBe(1);
    expect(await organizer.spaces().first().getAttribute("data-space-id")).toBe(theirs[0]!.id);
    await organizer.actAs("UORGANIZER");
    await expect.poll(() => organizer.spaces().count()).toBe(0);

    // Talk: the simulated partner answers.
    await mine.locator(".space-form input").fill("Hi! I also love crisis communication.");
    await mine.locator(".space-form input").press("Enter");
    await expect.poll(() => shown(mine)).toContain("Hi! I also love crisis communication.");
    await expect.poll(() => shown(mine), { timeout: 10_000 }).toMatch(/Good point, Amara/);
    await memberPage.screenshot({ path: join(ARTIFACTS, "sandbox-member-round.png"), fullPage: true });

    // The nudge, then the round's end with feedback and "stay in touch?".
    await amara.fastForward();
    await expect.poll(() => shown(mine)).toContain("One minute left in round 1");
    expect(await mine.getByRole("button", { name: "Extend 5 minutes" }).count()).toBe(1);
    await amara.fastForward();
    const closed = memberPage.locator(`[data-space-id="${mineId}"]`);
    await expect.poll(() => shown(closed)).toContain("time's up");
    await closed.getByRole("button", { name: "Great", exact: true }).click();
    await expect.poll(amara.privately).toContain("Thanks for the feedback!");
    // Only the first rating counts, so only it stays marked.
    await closed.getByRole("button", { name: "Not great", exact: true }).click();
    await expect.poll(amara.privately).toContain("the first answer is the one that counts");
    // The ratings' row (the nudge's "Extend 5 minutes" row comes before it).
    const ratingRow = closed.locator(".buttons", { hasText: "Not great" });
    const ratings = await ratingRow.locator("button").allTextContents();
    expect(ratings.filter((t) => t.startsWith("✓"))).toEqual(["✓ Great"]);
    await closed.getByRole("button", { name: "Stay in touch: yes" }).click();
    await expect.poll(amara.privately).toMatch(/Noted\.|You made a connection/);

    // The organizer skips through round 2 to the end and gets the summary.
    for (let i = 0; i < 8 && lobbyTitle() !== "Quick Meet: ended"; i++) await organizer.fastForward();
    await expect.poll(organizer.channel).toContain("Quick Meet: ended");
    // The summary waits a few minutes for the last round's feedback: skip to it.
    await organizer.fastForward();
    await expect.poll(organizer.privately).toContain("Quick Meet summary");

    await organizer.type("/quickmeet stats");
    const panel = organizerPage.getByTestId("private");
    if (hasStats) {
      const chart = panel.locator("figure.attachment img").last();
      await expect.poll(() => chart.count(), { timeout: 10_000 }).toBe(1);
      await expect
        .poll(() =>
          chart.evaluate((node) => {
            // Decoded size of the PNG (the test's tsconfig has no DOM lib, so the element is typed by hand).
            const img = node as unknown as { complete: boolean; naturalWidth: number };
            return img.complete ? img.naturalWidth : 0;
          }),
        )
        .toBeGreaterThan(100);
      expect(await panel.locator("a.download").count()).toBeGreaterThan(0);
    } else {
      await expect.poll(organizer.privately).toContain("There's no `/quickmeet stats`");
    }
    // Let the panes grow so the full-page screenshot shows everything, the chart included.
    await organizerPage.addStyleTag({ content: ".pane { max-height: none !important; }" });
    await organizerPage.screenshot({ path: join(ARTIFACTS, "sandbox-session.png"), fullPage: true });
    if (hasStats) {
      // The chart enlarged, as a click on it shows it.
      await panel.locator("figure.attachment img").last().click();
      await organizerPage.screenshot({ path: join(ARTIFACTS, "sandbox-stats-chart.png") });
    }
    expect(existsSync(join(ARTIFACTS, "sandbox-session.png"))).toBe(true);
  }, 120_000);
});
