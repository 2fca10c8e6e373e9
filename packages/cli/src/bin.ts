#!/usr/bin/env node
import { serveWorkerTask } from "@slipway/flows";
import { processIO } from "./cli-io.js";
import { runCli } from "./main.js";

// The same file runs as the worker threads of a large validation or gate: those serve their task instead.
if (!(await serveWorkerTask())) {
  process.exitCode = await runCli(process.argv.slice(2), { ...processIO(), workerScript: new URL(import.meta.url) });
}
