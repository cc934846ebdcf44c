#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx quickmeet ...` works from a clone without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../app/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
