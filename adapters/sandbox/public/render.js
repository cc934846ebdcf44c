// Renders the bot's platform-neutral messages (RichMessage as sent by /api/state) into DOM nodes.
// Markup: **bold**, _italic_, `code`, <@id> and <#channel> mentions, \n line breaks, and backslash escapes for text a
// member typed (src/messages/markup.ts: `\<@U1>` is shown as "<@U1>", never as a mention). Text is only ever set
// through text nodes, never parsed as HTML, so nothing a member types can inject markup.

const ESCAPED = /^\\[\\*_`~|<>@[\]#-]$/;
const TOKEN =
  /(\\[\\*_`~|<>@[\]#-]|\*\*(?:\\.|[^*\n])+\*\*|`[^`\n]+`|<[@#][\w.-]+(?:\|[^>]*)?>|(?<![\w\\])_(?:\\.|[^_\n])+_(?![\w])|\n)/g;

/** @param {string} tag @param {string} [cls] @param {string} [text] */
export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {string} text @param {Record<string, string>} names */
export function markup(text, names) {
  const out = document.createDocumentFragment();
  for (const part of text.split(TOKEN)) {
    if (!part) continue;
    if (ESCAPED.test(part)) out.append(document.createTextNode(part.slice(1)));
    else if (part === "\n") out.append(el("br"));
    else if (part.startsWith("**") && part.endsWith("**") && part.length > 4) {
      const strong = el("strong");
      strong.append(markup(part.slice(2, -2), names));
      out.append(strong);
    } else if (part.startsWith("`") && part.endsWith("`") && part.length > 2)
      out.append(el("code", "", part.slice(1, -1)));
    else if (part.startsWith("<@") && part.endsWith(">")) {
      const id = part.slice(2, -1).split("|")[0] ?? "";
      out.append(el("span", "mention", `@${names[id] ?? id}`));
    } else if (part.startsWith("<#") && part.endsWith(">")) {
      const [id = "", label] = part.slice(2, -1).split("|");
      out.append(el("span", "mention", `#${label ?? names[id] ?? id}`));
    } else if (part.startsWith("_") && part.endsWith("_") && part.length > 2) {
      const em = el("em");
      em.append(markup(part.slice(1, -1), names));
      out.append(em);
    } else out.append(document.createTextNode(part));
  }
  return out;
}

/**
 * A wait as the header shows it: "0:56", "12:05", "16:29:59" (hours), "2 d 4 h" (days). Seconds are rounded up,
 * so it never says 0:00 while something is still pending, and agrees with the lobby's "in 56 s".
 * @param {number} ms
 */
export function waitText(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n) => String(n).padStart(2, "0");
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

const time = (at) => new Date(at).toISOString().slice(11, 16);

/**
 * @param {any} m a MessageView
 * @param {{ names: Record<string, string>, onClick?: (m: any, actionId: string, button: HTMLButtonElement) => void,
 *           clicked: Set<string>, disabled?: boolean, viewer?: string }} ctx
 */
export function message(m, ctx) {
  const kind = m.author === "BQUICKMEET" ? " bot" : m.author === ctx.viewer ? " own" : "";
  const box = el("article", `msg${kind}${m.ephemeral ? " ephemeral" : ""}`);
  box.dataset.messageId = m.id;
  const head = el("div", "msg-head");
  head.append(el("span", "author", m.authorName), el("span", "at", `${time(m.at)} UTC`));
  if (m.ephemeral) head.append(el("span", "only-you", "only you can see this"));
  box.append(head);
  if (m.title) box.append(el("div", "msg-title", m.title));
  const body = el("div", "msg-text");
  body.append(markup(m.text, ctx.names));
  box.append(body);
  if (m.fields.length > 0) {
    const fields = el("dl", "fields");
    for (const f of m.fields) {
      const label = el("dt", "", f.label);
      const value = el("dd");
      value.append(markup(f.value, ctx.names));
      fields.append(label, value);
    }
    box.append(fields);
  }
  for (const a of m.attachments) box.append(attachment(a));
  for (const row of m.buttons) {
    const line = el("div", "buttons");
    for (const b of row) {
      if (b.url) {
        // A link button (the group's video room): a plain link, never a click through the bot.
        const link = el("a", `btn link ${b.style}`, `${b.label} ↗`);
        link.href = b.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        line.append(link);
        continue;
      }
      const key = `${m.id}:${b.actionId}`;
      const button = el("button", `btn ${b.style}`, ctx.clicked.has(key) ? `✓ ${b.label}` : b.label);
      button.type = "button";
      button.dataset.actionId = b.actionId;
      button.disabled = ctx.disabled === true || !ctx.onClick;
      button.addEventListener("click", () => ctx.onClick?.(m, b.actionId, button));
      line.append(button);
    }
    box.append(line);
  }
  return box;
}

function attachment(a) {
  if (/^image\//.test(a.contentType)) {
    const figure = el("figure", "attachment");
    const img = el("img");
    img.src = a.dataUrl;
    img.alt = a.name;
    img.title = "Click to enlarge";
    // The private panel is narrow: a click shows the chart full size, another puts it back.
    img.addEventListener("click", () => figure.classList.toggle("zoomed"));
    figure.append(img, el("figcaption", "", a.name));
    return figure;
  }
  const link = el("a", "attachment download", `⬇ ${a.name}`);
  link.href = a.dataUrl;
  link.download = a.name;
  return link;
}
