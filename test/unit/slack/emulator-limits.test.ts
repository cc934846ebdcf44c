import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../emulators/slack/index.ts";

/**
 * The Slack emulator rejects what Slack rejects, with Slack's answer: one test per rule of the limit table
 * (adapters/slack/limits.ts), driven through the real @slack/web-api client.
 */

let emu: SlackEmulator;
let web: WebClient;
let channel: string;
let ada: string;

beforeAll(async () => {
  emu = await startSlackEmulator({
    seed: { users: Array.from({ length: 10 }, (_, i) => ({ name: `u${i}` })), channels: ["general"] },
    rateLimits: { enabled: false },
  });
  web = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
  channel = emu.workspace.channelByName("general")!.id;
  ada = [...emu.workspace.users.values()].find((u) => u.name === "u0")!.id;
});
afterAll(() => emu.stop());

const x = (n: number) => "x".repeat(n);
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const button = (over: Record<string, unknown> = {}) => ({
  type: "button",
  action_id: "a",
  text: { type: "plain_text", text: "OK" },
  ...over,
});

/** The Slack error data of a failed call (the WebClient throws `slack_webapi_platform_error` with it). */
async function failure(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error: string; response_metadata?: { messages?: string[] } } }).data;
    if (data) return { error: data.error, messages: data.response_metadata?.messages ?? [] };
    throw error;
  }
  throw new Error("the call succeeded");
}

const post = (blocks: unknown[], text = "fallback") => web.chat.postMessage({ channel, text, blocks: blocks as never });

describe("Slack emulator: messages (chat.postMessage, chat.update, chat.postEphemeral)", () => {
  it("accepts a message at every limit", async () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: x(150) } },
      section(x(3000)),
      { type: "section", fields: Array.from({ length: 10 }, () => ({ type: "mrkdwn", text: x(200) })) },
      { type: "context", elements: Array.from({ length: 10 }, () => ({ type: "mrkdwn", text: "c" })) },
      {
        type: "actions",
        block_id: x(255),
        elements: [button({ action_id: x(255), value: x(2000), text: { type: "plain_text", text: x(75) } })],
      },
      ...Array.from({ length: 45 }, () => ({ type: "divider" })),
    ];
    const res = await post(blocks);
    expect(res.ok).toBe(true);
  });

  it("rejects more than 50 blocks", async () => {
    const f = await failure(post(Array.from({ length: 51 }, () => ({ type: "divider" }))));
    expect(f).toEqual({
      error: "invalid_blocks",
      messages: ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"],
    });
  });

  it("rejects section text over 3,000 characters, like Slack's message", async () => {
    const f = await failure(post([section(x(3001))]));
    expect(f.error).toBe("invalid_blocks");
    expect(f.messages).toEqual(["[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]);
  });

  it("rejects more than 10 fields and a field over 2,000 characters", async () => {
    const eleven = { type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" })) };
    expect((await failure(post([eleven]))).messages).toEqual([
      "[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]",
    ]);
    const long = { type: "section", fields: [{ type: "mrkdwn", text: x(2001) }] };
    expect((await failure(post([long]))).messages).toEqual([
      "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]",
    ]);
  });

  it("rejects a header over 150 characters and a mrkdwn header", async () => {
    const f = await failure(post([{ type: "header", text: { type: "plain_text", text: x(151) } }]));
    expect(f.messages).toEqual(["[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"]);
    const g = await failure(post([{ type: "header", text: { type: "mrkdwn", text: "h" } }]));
    expect(g.messages).toEqual(["[ERROR] must be one of plain_text [json-pointer:/blocks/0/text/type]"]);
  });

  it("rejects button text over 75, value over 2,000, action_id and block_id over 255", async () => {
    const f = await failure(
      post([
        {
          type: "actions",
          block_id: x(256),
          elements: [button({ text: { type: "plain_text", text: x(76) }, value: x(2001), action_id: x(256) })],
        },
      ]),
    );
    expect(f.messages.sort()).toEqual(
      [
        "[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]",
        "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
        "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]",
        "[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]",
      ].sort(),
    );
  });

  it("rejects duplicate action ids in a block and duplicate block ids in a message", async () => {
    const f = await failure(post([{ type: "actions", elements: [button(), button()] }]));
    expect(f.messages).toEqual([
      "[ERROR] action_id must be unique within the block [json-pointer:/blocks/0/elements/1/action_id]",
    ]);
    const g = await failure(
      post([
        { ...section("a"), block_id: "b" },
        { ...section("b"), block_id: "b" },
      ]),
    );
    expect(g.messages).toEqual(["[ERROR] block_id must be unique [json-pointer:/blocks/1/block_id]"]);
  });

  it("rejects a context block of more than 10 elements", async () => {
    const f = await failure(
      post([{ type: "context", elements: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "c" })) }]),
    );
    expect(f.messages).toEqual(["[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements]"]);
  });

  it("rejects empty text objects (at least one character)", async () => {
    const f = await failure(post([section("")]));
    expect(f.messages).toEqual(["[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]"]);
  });

  it("rejects input blocks in messages and blocks that are not JSON arrays", async () => {
    const input = {
      type: "input",
      label: { type: "plain_text", text: "L" },
      element: { type: "plain_text_input", action_id: "i" },
    };
    expect((await failure(post([input]))).messages).toEqual([
      "[ERROR] unsupported type: input [json-pointer:/blocks/0/type]",
    ]);
    expect((await failure(web.apiCall("chat.postMessage", { channel, text: "t", blocks: "{" }))).error).toBe(
      "invalid_blocks_format",
    );
  });

  it("answers msg_blocks_too_long past 12,000 characters of block text", async () => {
    const f = await failure(post(Array.from({ length: 5 }, () => section(x(2500)))));
    expect(f.error).toBe("msg_blocks_too_long");
  });

  it("truncates top-level text past 40,000 characters, still posts, and warns", async () => {
    const res = await web.chat.postMessage({ channel, text: x(40_010) });
    expect(res.ok).toBe(true);
    expect(res.response_metadata?.warnings).toEqual(["message_truncated"]);
    expect(emu.messagesIn(channel).at(-1)?.text.length).toBe(40_000);
  });

  it("checks chat.update and chat.postEphemeral the same way", async () => {
    const { ts } = await post([section("ok")]);
    expect(
      (await failure(web.chat.update({ channel, ts: ts!, text: "t", blocks: [section(x(3001))] as never }))).error,
    ).toBe("invalid_blocks");
    expect(
      (await failure(web.chat.postEphemeral({ channel, user: ada, text: "t", blocks: [section(x(3001))] as never })))
        .error,
    ).toBe("invalid_blocks");
  });

  it("answers an invalid response_url message with HTTP 400 invalid_blocks", async () => {
    const url = emu.responseUrl(channel, ada);
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "t", blocks: [section(x(3001))] }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("invalid_blocks");
  });
});

describe("Slack emulator: views (views.open, views.update, views.publish)", () => {
  const input = (id: string) => ({
    type: "input",
    block_id: id,
    label: { type: "plain_text", text: "Label" },
    element: { type: "plain_text_input", action_id: id, max_length: 10, initial_value: "ok" },
  });
  const modal = (over: Record<string, unknown> = {}) => ({
    type: "modal",
    title: { type: "plain_text", text: x(24) },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [input("a")],
    ...over,
  });
  const open = (view: unknown) => web.views.open({ trigger_id: emu.workspace.issueTrigger(ada), view: view as never });

  it("opens a modal at its limits", async () => {
    expect((await open(modal())).ok).toBe(true);
  });

  it("rejects modal title, submit and close over 24 characters", async () => {
    const f = await failure(
      open(
        modal({
          title: { type: "plain_text", text: x(25) },
          submit: { type: "plain_text", text: x(25) },
          close: { type: "plain_text", text: x(25) },
        }),
      ),
    );
    expect(f.error).toBe("invalid_arguments");
    expect(f.messages).toEqual([
      "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
      "[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]",
      "[ERROR] must be less than 25 characters [json-pointer:/view/close/text]",
    ]);
  });

  it("rejects a pre-filled value longer than the input's max_length, and input blocks without submit", async () => {
    const long = {
      ...input("a"),
      element: { type: "plain_text_input", action_id: "a", max_length: 3, initial_value: "four" },
    };
    expect((await failure(open(modal({ blocks: [long] })))).messages).toEqual([
      "[ERROR] must be less than 4 characters [json-pointer:/view/blocks/0/element/initial_value]",
    ]);
    const { submit: _, ...noSubmit } = modal();
    expect((await failure(open(noSubmit))).messages).toEqual([
      "[ERROR] must provide `submit` when a view has input blocks [json-pointer:/view]",
    ]);
  });

  it("rejects more than 100 blocks in a view, and accepts 100", async () => {
    const dividers = (n: number) => Array.from({ length: n }, () => ({ type: "divider" }));
    expect((await web.views.publish({ user_id: ada, view: { type: "home", blocks: dividers(100) } as never })).ok).toBe(
      true,
    );
    const f = await failure(
      web.views.publish({ user_id: ada, view: { type: "home", blocks: dividers(101) } as never }),
    );
    expect(f).toEqual({
      error: "invalid_arguments",
      messages: ["[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"],
    });
  });

  it("checks views.update like views.open", async () => {
    const opened = await open(modal());
    const id = (opened.view as { id: string }).id;
    expect((await web.views.update({ view_id: id, view: modal() as never })).ok).toBe(true);
    const f = await failure(
      web.views.update({ view_id: id, view: modal({ title: { type: "plain_text", text: x(25) } }) as never }),
    );
    expect(f.messages).toEqual(["[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"]);
    expect((await failure(web.views.update({ view_id: "VNOPE", view: modal() as never }))).error).toBe("not_found");
  });
});

describe("Slack emulator: conversations.open", () => {
  const users = () => [...emu.workspace.users.values()].filter((u) => !u.isBot).map((u) => u.id);

  it("opens a group DM of up to 8 people", async () => {
    expect((await web.conversations.open({ users: users().slice(0, 8).join(",") })).ok).toBe(true);
  });

  it("answers too_many_users past 8 and users_list_not_supplied for none", async () => {
    expect((await failure(web.conversations.open({ users: users().slice(0, 9).join(",") }))).error).toBe(
      "too_many_users",
    );
    expect((await failure(web.conversations.open({ users: "" }))).error).toBe("users_list_not_supplied");
  });
});
