import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ComparisonOptions,
  comparePairedPredictions,
  loadPairedPredictions,
  type PairedPredictions,
} from "@slipway/core";
import { parquetWriteFile } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { binaryPairingOnThreads } from "../src/binary-pairing-on-threads.js";
import { prepareComparison } from "../src/comparison-on-threads.js";

/** The committed CLI bundle: it serves worker tasks, as it does for a user. */
const script = new URL("../../cli/dist/slipway.js", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "slipway-gate-threads-"));

interface Row {
  readonly id: string;
  readonly label: number;
  readonly score: number;
  readonly region: string;
  readonly tier: string;
}

/** Rows in a shuffled order of their own, with every 500th example left out. */
function rows(n: number, seed: number, shift: number): Row[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    if ((i + shift) % 500 === 0) continue;
    const label = (i * 7) % 3 === 0 ? 1 : 0;
    out.push({
      id: `ex-${i}`,
      label,
      score: Math.round(Math.min(1, Math.max(0, 0.35 * label + 0.65 * next())) * 1000) / 1000,
      region: ["eu", "us", "apac", ""][i % 4] as string,
      tier: `t${(i * 31) % 7}`,
    });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as Row, out[i] as Row];
  }
  return out;
}

function writeCsv(name: string, data: readonly Row[]): string {
  const file = join(dir, name);
  const lines = data.map((r) => `${r.id},${r.label},${r.score},${r.region},${r.tier}`);
  writeFileSync(file, `id,label,score,region,tier\n${lines.join("\n")}\n`);
  return file;
}

function writeParquet(name: string, data: readonly Row[]): string {
  const file = join(dir, name);
  parquetWriteFile({
    filename: file,
    rowGroupSize: 3_000,
    columnData: [
      { name: "id", data: data.map((r) => r.id), type: "STRING" },
      { name: "label", data: data.map((r) => r.label), type: "INT32" },
      { name: "score", data: data.map((r) => r.score), type: "DOUBLE" },
      { name: "region", data: data.map((r) => (r.region === "" ? null : r.region)), type: "STRING" },
      { name: "tier", data: data.map((r) => r.tier), type: "STRING" },
    ],
  });
  return file;
}

function plain(paired: PairedPredictions) {
  return {
    n: paired.n,
    ids: [...paired.ids],
    label: [...paired.label],
    baseline: [...paired.baseline.prediction, ...(paired.baseline.score ?? [])],
    candidate: [...paired.candidate.prediction, ...(paired.candidate.score ?? [])],
    slices: [...paired.slices],
    unpaired: paired.unpaired,
  };
}

const options: ComparisonOptions = { baselineSource: "base", candidateSource: "cand", resamples: 1000 };

describe("a large binary gate on worker threads", () => {
  const baselineRows = rows(12_000, 1, 0);
  const candidateRows = rows(12_000, 2, 7).map((r) => ({ ...r, score: Math.round((1 - r.score) * 1000) / 1000 }));

  for (const [format, write] of [
    ["CSV", writeCsv],
    ["Parquet", writeParquet],
  ] as const) {
    it(`reads the two ${format} files on two threads and compares on two, exactly as on one`, async () => {
      const extension = format === "CSV" ? "csv" : "parquet";
      const baseline = write(`base.${extension}`, baselineRows);
      const candidate = write(`cand.${extension}`, candidateRows);
      const here = await loadPairedPredictions(baseline, candidate);
      const threaded = await loadPairedPredictions(baseline, candidate, { threads: binaryPairingOnThreads(script, 0) });
      expect(plain(threaded)).toEqual(plain(here));
      expect(threaded.baseline.score?.buffer).toBeInstanceOf(SharedArrayBuffer);

      const prepared = await prepareComparison(script, threaded, options, 0);
      expect(prepared).toBeDefined();
      expect(comparePairedPredictions(threaded, options, {}, prepared)).toEqual(
        comparePairedPredictions(here, options),
      );
    }, 60_000);
  }

  it("leaves files the typed path declines to the general reader, on threads as on one", async () => {
    const baseline = writeCsv("quoted-base.csv", baselineRows);
    const quoted = join(dir, "quoted-cand.csv");
    writeFileSync(quoted, `id,label,score,region,tier\n"ex-1",0,0.5,eu,t1\nex-2,0,0.25,us,t2\n`);
    const threaded = await loadPairedPredictions(baseline, quoted, { threads: binaryPairingOnThreads(script, 0) });
    expect(plain(threaded)).toEqual(plain(await loadPairedPredictions(baseline, quoted)));
    expect(threaded.n).toBe(2);

    const relabelled = join(dir, "relabelled-cand.csv");
    writeFileSync(relabelled, "id,label,score,region,tier\nex-1,0,0.5,eu,t1\nex-2,1,0.25,us,t2\n");
    const error = await loadPairedPredictions(baseline, relabelled).catch((e: unknown) => e);
    await expect(
      loadPairedPredictions(baseline, relabelled, { threads: binaryPairingOnThreads(script, 0) }),
    ).rejects.toEqual(error);
    expect(String(error)).toContain('relabelled-cand.csv: row 2: has a label for id "ex-2"');
  });

  it("reports an id repeated in the candidate, one in each thread's share of the lookups, as on one thread", async () => {
    const baseline = writeCsv("repeat-base.csv", baselineRows);
    const repeated = [...candidateRows, candidateRows[0] as Row];
    const candidate = writeCsv("repeat-cand.csv", repeated);
    const error = await loadPairedPredictions(baseline, candidate).catch((e: unknown) => e);
    expect(String(error)).toContain(`repeat-cand.csv: row ${repeated.length}: repeats the id`);
    await expect(
      loadPairedPredictions(baseline, candidate, { threads: binaryPairingOnThreads(script, 0) }),
    ).rejects.toEqual(error);
  });
});
