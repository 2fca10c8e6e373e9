import {
  type DatasetProfile,
  emptyProfile,
  mergeProfiles,
  ProfileBuilder,
  type ReadTableOptions,
  readTable,
  type TableBatch,
  type TableFormat,
  type TableHeader,
  TEXT_CHUNK_BYTES,
} from "@slipway/core";
import type { DatasetFiles } from "./dataset-files.js";

/** How far a read has got, for a progress bar. */
export interface DatasetProgress {
  /** Bytes read so far (an estimate within one read chunk for text formats) and in total. */
  readonly bytes: number;
  readonly totalBytes: number;
  readonly rows: number;
  /** The file being read, and its index in the dataset. */
  readonly file: string;
  readonly fileIndex: number;
  readonly files: number;
}

/** Something that looks at every batch of every file, in order (a contract check, an observer). */
export interface BatchConsumer {
  beginFile(header: TableHeader): void;
  addBatch(batch: TableBatch): void;
  endFile?(): void;
}

/** Reads one file batch by batch: readTable, or batches another thread read (see shared-csv-read). */
export type TableRead = (
  file: string,
  options: ReadTableOptions & { readonly format?: TableFormat },
) => Promise<TableHeader>;

export interface DatasetPassOptions {
  /** Columns to decode; all when undefined. */
  readonly columns?: readonly string[];
  /** Columns to profile; none when undefined. */
  readonly profile?: readonly string[] | "all";
  readonly format?: TableFormat;
  readonly onProgress?: (progress: DatasetProgress) => void;
  /** Passed to the reader (see ReadTableOptions.pace). */
  readonly pace?: () => Promise<void> | undefined;
  /** How each file is read; readTable unless given. */
  readonly read?: TableRead;
}

export interface DatasetPassResult {
  /** Data rows per file, in file order. */
  readonly rows: readonly number[];
  /** The profile of the profiled columns, when any were asked for. */
  readonly profile: DatasetProfile | undefined;
}

// The text readers hand over one batch per TEXT_CHUNK_BYTES read, so a file's bytes read are its
// batches times that, up to its size. Parquet files report exact progress from their row count.

/**
 * Reads every file of a dataset once, handing each batch to every consumer and, when asked, to a
 * profile builder: the contract check, the observer behind inference and the profile all see the
 * same pass, and memory stays that of one batch plus the consumers' bounded state. Profiles are
 * built per file and merged, since files may differ in columns (docs/drift.md#profiles).
 */
export async function readDatasetOnce(
  dataset: DatasetFiles,
  consumers: readonly BatchConsumer[],
  options: DatasetPassOptions = {},
): Promise<DatasetPassResult> {
  const totalBytes = dataset.sizes.reduce((sum, n) => sum + n, 0);
  const rowsPerFile: number[] = [];
  let profile: DatasetProfile | undefined = options.profile === undefined ? undefined : emptyProfile([]);
  let bytesBefore = 0;
  let rows = 0;
  for (const [fileIndex, file] of dataset.files.entries()) {
    const size = dataset.sizes[fileIndex] ?? 0;
    let builder: ProfileBuilder | undefined;
    let header: TableHeader | undefined;
    let fileRows = 0;
    let batches = 0;
    await (options.read ?? readTable)(file, {
      ...(options.format ? { format: options.format } : {}),
      ...(options.columns ? { columns: options.columns } : {}),
      ...(options.pace ? { pace: options.pace } : {}),
      onHeader: (read) => {
        header = read;
        for (const consumer of consumers) consumer.beginFile(read);
        if (options.profile !== undefined) {
          const wanted = options.profile;
          builder = new ProfileBuilder(
            wanted === "all" ? read.columns : read.columns.filter((name) => wanted.includes(name)),
          );
        }
      },
      onBatch: (batch) => {
        for (const consumer of consumers) consumer.addBatch(batch);
        builder?.add(batch);
        fileRows += batch.length;
        rows += batch.length;
        batches += 1;
        if (options.onProgress) {
          const known = header?.rowCount;
          const done =
            known !== undefined && known > 0
              ? Math.round((size * fileRows) / known)
              : Math.min(size, batches * TEXT_CHUNK_BYTES);
          options.onProgress({
            bytes: bytesBefore + done,
            totalBytes,
            rows,
            file,
            fileIndex,
            files: dataset.files.length,
          });
        }
      },
    });
    for (const consumer of consumers) consumer.endFile?.();
    rowsPerFile.push(fileRows);
    bytesBefore += size;
    if (builder && profile) profile = mergeProfiles(profile, builder.profile());
  }
  options.onProgress?.({
    bytes: totalBytes,
    totalBytes,
    rows,
    file: dataset.files[dataset.files.length - 1] ?? "",
    fileIndex: dataset.files.length - 1,
    files: dataset.files.length,
  });
  return { rows: rowsPerFile, profile };
}
