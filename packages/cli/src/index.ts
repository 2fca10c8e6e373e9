export * from "./cli-io.js";
export * from "./exit-code.js";
export * from "./main.js";
