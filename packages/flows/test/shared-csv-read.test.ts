import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageChannel } from "node:worker_threads";
import { parseContract } from "@slipway/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ColumnGroupTask,
  checkColumnGroup,
  combineColumnGroups,
  type DatasetFiles,
  planColumnGroups,
  readSharedCsv,
  resolveDatasetFiles,
} from "../src/index.js";

const CONTRACT = parseContract(
  `version: 1
columns:
  id: {type: string, unique: true, regex: "r[0-9]+"}
  amount: {type: number, min: 0, max: 100}
  note: {type: string}
  day: {type: date}
  flag: {type: boolean, nullable: false}
`,
  "contract.yml",
);

/** Rows with violations in every column, quoted fields with commas, quotes and line ends among them. */
function csv(seed: number, rows: number, columns: readonly string[]): string {
  const lines = [columns.join(",")];
  for (let i = 0; i < rows; i += 1) {
    const k = seed * 100_000 + i;
    const cell: Record<string, string> = {
      id: k % 997 === 0 ? `r${k - 5}` : k % 1009 === 0 ? `x${k}` : `r${k}`,
      amount: k % 89 === 0 ? "-1" : k % 97 === 0 ? "n/a" : String((k * 3.7) % 101),
      note: k % 5 === 0 ? `"line ${k}\nand ""more"", too"` : k % 7 === 0 ? "" : `note ${k}`,
      day: `2024-0${1 + (k % 9)}-${10 + (k % 19)}`,
      flag: k % 53 === 0 ? "maybe" : k % 2 === 0 ? "true" : "false",
    };
    lines.push(columns.map((name) => cell[name] as string).join(","));
  }
  return `${lines.join("\n")}\n`;
}

describe("a CSV read shared by column groups", () => {
  let dir: string;
  let dataset: DatasetFiles;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-shared-read-"));
    // Several 512 KiB batches in the first file; the others differ in column order and columns.
    await writeFile(join(dir, "a.csv"), csv(1, 60_000, ["id", "amount", "note", "day", "flag"]));
    await writeFile(join(dir, "b.csv"), csv(2, 500, ["flag", "note", "id", "amount"]));
    await writeFile(join(dir, "c.csv"), csv(3, 2_000, ["day", "amount", "id", "note", "flag"]));
    dataset = await resolveDatasetFiles(dir, "*.csv");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("gives each group what a read of its own gives it, file by file", async () => {
    const tasks: ColumnGroupTask[] = planColumnGroups(CONTRACT, 3).map((columns) => ({
      contract: CONTRACT,
      dataset,
      columns,
      profile: columns,
    }));
    expect(tasks).toHaveLength(3);
    const own = await Promise.all(tasks.map((task) => checkColumnGroup(task)));
    expect(own[0]?.rows).toEqual([60_000, 500, 2_000]);

    const channels = tasks.map(() => new MessageChannel());
    const progress: number[] = [];
    const read = readSharedCsv(
      { dataset, groups: tasks.map((task, t) => ({ columns: task.columns, port: channels[t]!.port2 })) },
      (p) => progress.push(p.rows),
    );
    const shared = await Promise.all(tasks.map((task, t) => checkColumnGroup({ ...task, shared: channels[t]!.port1 })));
    await read;
    expect(shared).toEqual(own);
    const rules = combineColumnGroups(CONTRACT, shared, undefined)
      .check.finish()
      .violations.map((violation) => violation.rule);
    expect(new Set(rules)).toEqual(new Set(["unique", "regex", "min", "type", "max", "required"]));
    expect(progress.at(-1)).toBe(62_500);
    expect(progress.length).toBeGreaterThan(3);
  });

  it("reads many small shards without stalling", async () => {
    const shards = join(dir, "shards");
    await mkdir(shards);
    for (let i = 0; i < 70; i += 1)
      await writeFile(join(shards, `s${String(i).padStart(2, "0")}.csv`), csv(i, 3, ["id"]));
    const many = await resolveDatasetFiles(dir, "shards");
    const channel = new MessageChannel();
    const task: ColumnGroupTask = { contract: CONTRACT, dataset: many, columns: ["id"], profile: undefined };
    const read = readSharedCsv({ dataset: many, groups: [{ columns: ["id"], port: channel.port2 }] });
    const result = await checkColumnGroup({ ...task, shared: channel.port1 });
    await read;
    expect(result.rows).toEqual(Array.from({ length: 70 }, () => 3));
  });

  it("is not held back by a group whose thread stopped", async () => {
    const [live, stopped] = [new MessageChannel(), new MessageChannel()];
    const task: ColumnGroupTask = { contract: CONTRACT, dataset, columns: ["id"], profile: undefined };
    const read = readSharedCsv({
      dataset,
      groups: [
        { columns: ["id"], port: live.port2 },
        { columns: ["amount"], port: stopped.port2 },
      ],
    });
    // The stopped group took nothing; its end of the channel closes as a stopped thread's does.
    stopped.port1.close();
    const result = await checkColumnGroup({ ...task, shared: live.port1 });
    await read;
    expect(result.rows).toEqual([60_000, 500, 2_000]);
  });

  it("fails with the reader's own error, naming the file and row, when a file is bad", async () => {
    await writeFile(join(dir, "d.csv"), "id,amount\nr1,2\nr2,3,4\n");
    const bad = await resolveDatasetFiles(dir, "d.csv");
    const channel = new MessageChannel();
    const task: ColumnGroupTask = { contract: CONTRACT, dataset: bad, columns: ["id", "amount"], profile: undefined };
    const group = checkColumnGroup({ ...task, shared: channel.port1 });
    await expect(
      readSharedCsv({ dataset: bad, groups: [{ columns: task.columns, port: channel.port2 }] }),
    ).rejects.toThrow(/has 3 fields; expected 2, as in the header/);
    channel.port2.close();
    void group.catch(() => {});
  });
});
