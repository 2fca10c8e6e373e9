export * from "./column-group-pass.js";
export * from "./column-groups.js";
export * from "./configured-datasets.js";
export * from "./contract-drift-policy.js";
export * from "./dataset-files.js";
export * from "./dataset-pass.js";
export * from "./infer-data-contract.js";
export * from "./validate-data.js";
