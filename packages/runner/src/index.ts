export * from "./action-io.js";
export * from "./run-action.js";
export * from "./runner-environment.js";
