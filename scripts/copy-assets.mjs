// `npm run build`, second step: tsc emits JavaScript (and imported JSON) only; the files the running bot reads from
// disk beside its code are copied here, so dist/ runs with plain `node dist/app/main.js`.
import { cpSync, rmSync } from "node:fs";

const ASSETS = ["adapters/sandbox/public"];
for (const dir of ASSETS) {
  rmSync(`dist/${dir}`, { recursive: true, force: true });
  cpSync(dir, `dist/${dir}`, { recursive: true });
}
console.log(`copied ${ASSETS.join(", ")} into dist/`);
