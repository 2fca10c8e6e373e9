export * from "./node-runtimes.js";
export * from "./registry.js";
export * from "./repo-root.js";
export * from "./run-action.js";
export * from "./run-cli.js";
export * from "./workflow-commands.js";
