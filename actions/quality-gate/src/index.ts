import { serveWorkerTask } from "@slipway/flows";
import { runAction } from "@slipway/runner";
import { run } from "./main.js";

// The same file runs as the worker threads that read large prediction files: those serve their task instead.
if (!(await serveWorkerTask())) await runAction((io) => run(io, new URL(import.meta.url)));
