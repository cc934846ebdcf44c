// The shape of the tree, checked by test/unit/core/architecture.test.ts (dependency-cruiser's API, no shell):
// `npx depcruise src commands adapters app` prints the same report.
/**
 * A core folder as the folder-scoped rule names it (`src/session`, no trailing slash). Files directly in src/
 * (bot.ts, engine.ts, engine-parts.ts, clock.ts...) are the core's root, which wires the folders together.
 */
const CORE_FOLDER = "^src/[^/]+$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No file imports itself through others (type-only imports count: a cycle of types is a cycle).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycles",
      comment:
        "The core's folders form a layered graph: no src/<a> imports src/<b> while src/<b> imports src/<a>, " +
        "directly or through other core folders.",
      severity: "error",
      scope: "folder",
      from: { path: CORE_FOLDER },
      to: { path: CORE_FOLDER, circular: true },
    },
    {
      name: "core-knows-no-edge",
      comment:
        "src/ is the platform-free core: commands, adapters and the composition root (app/) depend on it, never " +
        "the other way (createBot receives platforms and commands).",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(commands|adapters|app)/" },
    },
    {
      name: "core-knows-no-platform-sdk",
      comment: "No platform SDK in the core: adapters/ wrap discord.js and @slack/bolt.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "(^|/)node_modules/(discord\\.js|@discordjs|@slack)/" },
    },
    {
      name: "keyv-backends-in-one-module",
      comment: "keyv backends only through src/store/sqlite.ts.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/store/sqlite\\.ts$" },
      to: { path: "(^|/)node_modules/@keyv/" },
    },
    {
      name: "pg-boss-in-one-module",
      comment: "pg-boss only through src/jobs/pg-boss.ts, behind the JobScheduler interface.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/jobs/pg-boss\\.ts$" },
      to: { path: "(^|/)node_modules/pg-boss/" },
    },
    {
      name: "node-cron-in-one-module",
      comment: "node-cron only through src/schedule/cron.ts.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/schedule/cron\\.ts$" },
      to: { path: "(^|/)node_modules/node-cron/" },
    },
  ],
  options: {
    // Type-only imports are dependencies too: a cycle of types still ties the files together.
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)dist/" },
  },
};
