// Worker bootstrap: workers do not inherit tsx's loader hooks, so register them before importing the TypeScript entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
