// The sandbox page: act as the organizer or any member, type /quickmeet commands, click the bot's buttons, chat in
// your group's space. The server decides what each viewer sees (GET /api/state?as=...); this file only draws it.
import { el, markup, message, waitText } from "./render.js";

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const params = new URLSearchParams(location.search);
const page = {
  world: /** @type {any} */ (null),
  state: /** @type {any} */ (null),
  viewer: params.get("as") ?? localStorage.getItem("quickmeet.viewer") ?? "",
  clicked: new Set(),
  drafts: new Map(),
  events: /** @type {EventSource | null} */ (null),
  loading: false,
  again: false,
  loadedAt: Date.now(),
};

async function api(path, body) {
  const init = body
    ? {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ as: page.viewer, ...body }),
      }
    : {};
  const sep = path.includes("?") ? "&" : "?";
  const res = await fetch(body ? path : `${path}${sep}as=${encodeURIComponent(page.viewer)}`, init);
  const data = await res.json();
  if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`);
  return data;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(Number(box.dataset.timer));
  box.dataset.timer = String(setTimeout(() => (box.hidden = true), 4000));
}

async function refresh() {
  if (page.loading) {
    page.again = true;
    return;
  }
  page.loading = true;
  try {
    page.state = await api("/api/state");
    // The header clock counts on from the moment this state arrived.
    page.loadedAt = Date.now();
    draw();
  } catch (error) {
    toast(String(error.message ?? error));
  } finally {
    page.loading = false;
    if (page.again) {
      page.again = false;
      void refresh();
    }
  }
}

function connect() {
  page.events?.close();
  page.events = new EventSource(`/api/events?as=${encodeURIComponent(page.viewer)}`);
  page.events.addEventListener("change", () => void refresh());
}

/**
 * A click marks its button ✓ as this viewer's choice. A row of buttons is one question (Join/Leave, a rating,
 * stay in touch yes/no), so the new choice clears the row's other marks; a click the bot did not count (an answer
 * already given) changes no mark.
 */
async function click(m, actionId) {
  try {
    const result = await api("/api/action", { messageId: m.id, actionId });
    if (result.chosen !== false) {
      const row = (m.buttons ?? []).find((r) => r.some((b) => b.actionId === actionId)) ?? [];
      for (const b of row) page.clicked.delete(`${page.viewer}:${m.id}:${b.actionId}`);
      page.clicked.add(`${page.viewer}:${m.id}:${actionId}`);
    }
    if (result.form) showForm(result.form);
    await refresh();
  } catch (error) {
    toast(error.message);
  }
}

function clickedFor() {
  const prefix = `${page.viewer}:`;
  return new Set([...page.clicked].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
}

function list(target, messages, ctx, empty) {
  const stick = target.scrollTop + target.clientHeight >= target.scrollHeight - 30;
  target.replaceChildren(...messages.map((m) => message(m, ctx)));
  if (messages.length === 0) target.append(el("p", "empty", empty));
  if (stick) target.scrollTop = target.scrollHeight;
}

function drawSpace(space, ctx) {
  const box = el("section", `space${space.closed ? " closed" : ""}`);
  box.dataset.spaceId = space.id;
  const head = el("header", "space-head");
  head.append(el("h3", "", space.title), el("span", "badge", space.closed ? "closed" : "open · private"));
  const who = el("div", "space-members");
  who.append(markup(`With ${space.members.map((id) => `<@${id}>`).join(", ")}`, ctx.names));
  const messages = el("div", "space-messages");
  messages.append(...space.messages.map((m) => message(m, ctx)));
  box.append(head, who, messages);
  if (!space.closed) {
    const form = el("form", "space-form");
    const input = /** @type {HTMLInputElement} */ (el("input"));
    input.placeholder = "Write to your group…";
    input.value = page.drafts.get(space.id) ?? "";
    input.addEventListener("input", () => page.drafts.set(space.id, input.value));
    const send = el("button", "btn primary", "Send");
    form.append(input, send);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!input.value.trim()) return;
      try {
        await api(`/api/spaces/${space.id}/messages`, { text: input.value });
        page.drafts.delete(space.id);
        input.value = "";
      } catch (error) {
        toast(error.message);
      }
    });
    box.append(form);
  }
  return box;
}

function draw() {
  const s = page.state;
  if (!s) return;
  const ctx = { names: s.names, onClick: click, clicked: clickedFor(), viewer: s.viewer.id };
  list($("channel-messages"), s.channel.messages, ctx, "Nothing here yet. Type /quickmeet start below.");
  const focused = document.activeElement?.closest?.(".space")?.dataset.spaceId;
  const spaces = [...s.spaces].reverse();
  $("spaces").replaceChildren(...spaces.map((space) => drawSpace(space, ctx)));
  // Each conversation shows its latest lines, like a chat client.
  for (const box of $("spaces").querySelectorAll(".space-messages")) box.scrollTop = box.scrollHeight;
  if (spaces.length === 0)
    $("spaces").append(el("p", "empty", "Your private conversations appear here when a round starts."));
  if (focused) $("spaces").querySelector(`[data-space-id="${focused}"] input`)?.focus();
  list($("private-messages"), s.private, ctx, "Private messages from the bot (replies, feedback thanks, summaries).");
  $("space-count").textContent = String(s.spaces.filter((x) => !x.closed).length);
  tickClock();
}

function tickClock() {
  const s = page.state;
  if (!s) return;
  const drift = Date.now() - page.loadedAt;
  const now = s.now + drift;
  $("now").textContent = `${new Date(now).toISOString().slice(11, 19)} UTC`;
  $("skipped").textContent = s.skippedMs > 0 ? `(+${Math.round(s.skippedMs / 1000)} s skipped)` : "";
  const left = s.nextDueAt === null ? null : Math.max(0, s.nextDueAt - now);
  $("next").textContent = left === null ? "no bot deadline pending" : `next bot deadline in ${waitText(left)}`;
}

function drawSwitcher() {
  const select = /** @type {HTMLSelectElement} */ ($("viewer"));
  select.replaceChildren(
    ...page.world.members.map((m) => {
      const option = /** @type {HTMLOptionElement} */ (
        el("option", "", m.organizer ? `${m.name} (organizer)` : `${m.name} · ${m.field}`)
      );
      option.value = m.id;
      return option;
    }),
  );
  select.value = page.viewer;
}

function switchViewer(id) {
  page.viewer = id;
  localStorage.setItem("quickmeet.viewer", id);
  const url = new URL(location.href);
  url.searchParams.set("as", id);
  history.replaceState(null, "", url);
  const me = page.world.members.find((m) => m.id === id);
  $("viewer-role").textContent = me?.organizer
    ? "You run this community."
    : "You play this member; the others play themselves.";
  connect();
  void refresh();
}

/** Opens the form; with `errors` (field id → text) it is the same form again, as typed, each mistake under its field. */
function showForm(spec, errors = {}) {
  const dialog = /** @type {HTMLDialogElement} */ ($("form-dialog"));
  $("form-title").textContent = spec.title;
  const fields = spec.fields.map((f) => {
    const label = el("label", "field", f.label);
    if (f.description) label.append(el("small", "field-hint", f.description));
    const input = /** @type {HTMLInputElement} */ (el(f.style === "paragraph" ? "textarea" : "input"));
    input.name = f.id;
    input.required = f.required;
    if (f.placeholder) input.placeholder = f.placeholder;
    if (f.initial) input.value = f.initial;
    if (f.maxLength) input.maxLength = f.maxLength;
    label.append(input);
    if (errors[f.id]) {
      input.setAttribute("aria-invalid", "true");
      label.append(el("small", "field-error", errors[f.id]));
    }
    return label;
  });
  $("form-fields").replaceChildren(...fields);
  dialog.dataset.formId = spec.formId;
  if (!dialog.open) dialog.showModal();
}

async function submitForm(event) {
  event.preventDefault();
  const dialog = /** @type {HTMLDialogElement} */ ($("form-dialog"));
  const values = Object.fromEntries(new FormData(/** @type {HTMLFormElement} */ (event.target)).entries());
  try {
    const result = await api("/api/form", { formId: dialog.dataset.formId, values });
    // Mistakes keep the dialog open with what was typed; only a saved form closes it.
    if (result.errors) showForm(result.form, result.errors);
    else dialog.close();
  } catch (error) {
    toast(error.message);
  }
}

async function runCommand(event) {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($("command"));
  const text = input.value.trim();
  if (!text) return;
  try {
    const result = await api("/api/command", { text: text.startsWith("/") ? text : `/quickmeet ${text}` });
    input.value = "";
    if (result.form) showForm(result.form);
  } catch (error) {
    toast(error.message);
  }
}

async function fastForward() {
  const button = /** @type {HTMLButtonElement} */ ($("fast-forward"));
  button.disabled = true;
  try {
    const result = await api("/api/fast-forward", {});
    if (!result.moved) toast("No bot deadline is pending: start a Quick Meet with /quickmeet start.");
  } catch (error) {
    toast(error.message);
  } finally {
    button.disabled = false;
  }
}

async function main() {
  page.world = await (await fetch("/api/world")).json();
  document.title = `quickmeet sandbox · ${page.world.community.name}`;
  $("community").textContent = page.world.community.name;
  $("channel-name").textContent = `# ${page.world.channel.name}`;
  if (!page.world.members.some((m) => m.id === page.viewer))
    page.viewer = page.world.members.find((m) => m.organizer)?.id ?? page.world.members[0].id;
  drawSwitcher();
  $("viewer").addEventListener("change", (e) => switchViewer(/** @type {HTMLSelectElement} */ (e.target).value));
  $("command-form").addEventListener("submit", runCommand);
  $("fast-forward").addEventListener("click", fastForward);
  $("form-body").addEventListener("submit", submitForm);
  $("form-cancel").addEventListener("click", () => /** @type {HTMLDialogElement} */ ($("form-dialog")).close());
  for (const hint of document.querySelectorAll("[data-command]"))
    hint.addEventListener("click", () => {
      const input = /** @type {HTMLInputElement} */ ($("command"));
      input.value = hint.getAttribute("data-command") ?? "";
      input.focus();
    });
  setInterval(tickClock, 1000);
  switchViewer(page.viewer);
}

main().catch((error) => toast(`The sandbox page could not load: ${error.message}`));
