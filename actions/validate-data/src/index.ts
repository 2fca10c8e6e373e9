import { runAction } from "@slipway/runner";
import { run } from "./main.js";

await runAction(run);
