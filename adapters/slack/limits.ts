/**
 * Every Slack limit the bot's payloads touch, once, each with where Slack publishes it. The renderer (render.ts,
 * home.ts) fits its output to these numbers; the test emulator (test/emulators/slack/validate.ts) rejects what breaks
 * them, with the error Slack answers. Lengths are counted in UTF-16 code units (JavaScript's `length`), which is never
 * less than Slack's character count, so a payload that fits here fits on Slack.
 *
 * Sources:
 * - T: the doc comments of `@slack/types` (node_modules/@slack/types/dist/block-kit/*.d.ts, views.d.ts), which copy
 *   the Block Kit reference at https://docs.slack.dev/reference/block-kit.
 * - B: the Block Kit blocks page, https://docs.slack.dev/reference/block-kit/blocks.
 * - W: the Web API method pages at https://docs.slack.dev/reference/methods/<method>.
 */

export interface SlackLimit {
  readonly value: number;
  readonly source: string;
}

const limit = (value: number, source: string): SlackLimit => ({ value, source });

export const SLACK_LIMITS = {
  /** Blocks in one message (chat.postMessage, chat.update, chat.postEphemeral, response_url). */
  messageBlocks: limit(50, "B docs.slack.dev/reference/block-kit/blocks: up to 50 blocks in each message"),
  /** Blocks in one view (modal or App Home). */
  viewBlocks: limit(100, "B ...block-kit/blocks: 100 blocks in modals or Home tabs; T views.d.ts BaseView.blocks"),
  /**
   * Text across all blocks of one message. Slack answers `msg_blocks_too_long` past about 12,000 characters of block
   * text (the markdown block's documented cumulative limit; slackapi/bolt-js#2509 and #2867 report section/header
   * messages rejected from ~11,300 characters), so the renderer keeps one message well under it.
   */
  messageBlocksText: limit(
    12_000,
    "T blocks.d.ts MarkdownBlock.text: Limit 12,000 characters; slackapi/bolt-js#2509 (msg_blocks_too_long)",
  ),
  /** Section block `text`. */
  sectionText: limit(3000, "T blocks.d.ts SectionBlock.text: minimum length 1, maximum 3000 characters"),
  /** Fields of one section block. */
  sectionFields: limit(10, "T blocks.d.ts SectionBlock.fields: Maximum number of items is 10"),
  /** Text of one section field. */
  sectionFieldText: limit(2000, "T blocks.d.ts SectionBlock.fields: Maximum length for the text in each item is 2000"),
  /** Header block text (plain_text). */
  headerText: limit(150, "T blocks.d.ts HeaderBlock.text: Maximum length 150 characters"),
  /** Elements of a context block. */
  contextElements: limit(10, "T blocks.d.ts ContextBlock.elements: Maximum number of items is 10"),
  /** Elements of an actions block. */
  actionsElements: limit(25, "T blocks.d.ts ActionsBlock.elements: maximum of 25 elements"),
  /** Any text object (plain_text or mrkdwn): at least one character, at most 3000. */
  textObjectMin: limit(1, "T composition-objects.d.ts PlainTextElement/MrkdwnElement.text: minimum length is 1"),
  textObjectMax: limit(3000, "T composition-objects.d.ts PlainTextElement/MrkdwnElement.text: maximum length 3000"),
  /** Button text (plain_text). */
  buttonText: limit(75, "T block-elements.d.ts Button.text: Maximum length for the text in this field is 75"),
  /** Button `value`. */
  buttonValue: limit(2000, "T block-elements.d.ts Button.value: Maximum length for this field is 2000 characters"),
  /** A url button's address. */
  buttonUrl: limit(3000, "T block-elements.d.ts Button.url: Maximum length for this field is 3000 characters"),
  /** `action_id` of an interactive element. */
  actionId: limit(255, "T extensions.d.ts Actionable.action_id: Maximum length for this field is 255 characters"),
  /** `block_id` of any block. */
  blockId: limit(255, "T blocks.d.ts Block.block_id: Maximum length for this field is 255 characters"),
  /** Modal title, submit and close texts (plain_text). */
  modalTitle: limit(24, "T views.d.ts ModalView.title: maximum length of 24 characters"),
  modalSubmit: limit(24, "T views.d.ts ModalView.submit: Max length of 24 characters"),
  modalClose: limit(24, "T views.d.ts ModalView.close: Maximum length of 24 characters"),
  /** A view's `private_metadata` and `callback_id`. */
  viewPrivateMetadata: limit(3000, "T views.d.ts BaseView.private_metadata: Maximum length of 3000 characters"),
  viewCallbackId: limit(255, "T views.d.ts BaseView.callback_id: Maximum length of 255 characters"),
  /** Input block label and hint (plain_text). */
  inputLabel: limit(2000, "T blocks.d.ts InputBlock.label: Maximum length for the text in this field is 2000"),
  /** Placeholder of an input element (plain_text). */
  placeholder: limit(150, "T extensions.d.ts Placeholdable.placeholder: Maximum length for the text is 150"),
  /** plain_text_input `max_length` and its pre-filled value. */
  plainTextInputMaxLength: limit(3000, "T block-elements.d.ts PlainTextInput.max_length: Maximum value is 3000"),
  /** Option text of a select, checkbox or radio option (plain_text). */
  optionText: limit(75, "T composition-objects.d.ts Option.text: Maximum length for this field is 75 characters"),
  /** Users of one conversations.open call (a group DM holds the bot and at most 8 people). */
  conversationsOpenUsersMin: limit(1, "W conversations.open `users`: supply 1 to 8 user ids (users_list_not_supplied)"),
  conversationsOpenUsersMax: limit(8, "W conversations.open `users`: 1 to 8 user ids (too_many_users beyond)"),
  /**
   * The top-level `text` of a message. Slack truncates past 40,000 characters, still posts, and warns
   * (`message_truncated`); the bot keeps its fallback text under 4,000 (the old "keep messages under 4,000" advice,
   * plenty for a notification).
   */
  messageText: limit(
    40_000,
    "W chat.postMessage `text` / changelog 2018-04-truncating-really-long-messages: truncated at 40,000",
  ),
  fallbackText: limit(4000, "W chat.postMessage `text`: best kept under 4,000 characters (notification fallback)"),
} as const satisfies Record<string, SlackLimit>;

/** The numbers alone, for code that fits payloads to them. */
export const SLACK = Object.fromEntries(Object.entries(SLACK_LIMITS).map(([k, v]) => [k, v.value])) as {
  readonly [K in keyof typeof SLACK_LIMITS]: number;
};

/**
 * mrkdwn's control characters: Slack reads `<`…`>` as links and mentions and `&` as the start of an entity, so text
 * that means them literally is sent as `&lt;`, `&gt;`, `&amp;` (https://docs.slack.dev/messaging/formatting-message-text
 * "Escaping text"). Only these three are escaped; `*`, `_`, `~` and backticks stay formatting characters.
 */
export const MRKDWN_ESCAPES: Readonly<Record<"&" | "<" | ">", string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
