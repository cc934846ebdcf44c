import type { SlackEmulator } from "./index.ts";
import type { Workspace } from "./state.ts";

/** What the browser ended on after an install, and the page it was shown first. */
export interface InstallOutcome {
  installPage: { status: number; html: string };
  callback: { status: number; body: string };
}

/**
 * A member of `ws` installs the app as a browser would: opens the app's `/slack/install` page (Bolt sets the state
 * cookie), follows its "Add to Slack" link to the emulator's authorize page, approves, and is redirected back to
 * `/slack/oauth_redirect` with the code and state, cookie included.
 */
export async function installThroughOAuth(
  emu: SlackEmulator,
  installUrl: string,
  ws: Workspace,
  userId: string,
): Promise<InstallOutcome> {
  const page = await fetch(installUrl);
  const html = await page.text();
  const cookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
  const href = /<a href="([^"]+)">/.exec(html)?.[1]?.replaceAll("&amp;", "&");
  if (!href) return { installPage: { status: page.status, html }, callback: { status: 0, body: "" } };
  const back = emu.oauth.approve(href, ws, userId, installUrl.replace(/\/slack\/install$/, "/slack/oauth_redirect"));
  const done = await fetch(back, { headers: { cookie } });
  return { installPage: { status: page.status, html }, callback: { status: done.status, body: await done.text() } };
}
