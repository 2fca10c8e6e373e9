export * from "./baseline-choice.js";
export * from "./data-validation/index.js";
export * from "./evaluation-at-ref.js";
export * from "./gate-annotations.js";
export * from "./quality-gate.js";
export * from "./ref-reader.js";
export * from "./validation-drift.js";
export * from "./worker-tasks.js";
