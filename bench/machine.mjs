// Describes the machine a benchmark ran on, for bench/RESULTS.md.
import { cpus, totalmem } from "node:os";

export function describeMachine() {
  const cpu = cpus()[0]?.model?.trim() ?? "unknown CPU";
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}/${process.arch}`;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
