/**
 * Reads files of a repository as they were at a git ref (the PR's base, a tag, a commit). The
 * local clone and the GitHub API each implement it, so the quality gate can find a baseline
 * whichever is available.
 */
export interface RefReader {
  /** Where the files come from, for the user (`git`, `the GitHub API`). */
  readonly name: string;
  /** The file's bytes at `ref`, or undefined when it does not exist there. */
  readFile(path: string, ref: string): Promise<Buffer | undefined>;
  /** Repository paths matching a glob at `ref`, sorted; undefined when this reader cannot list. */
  listFiles(pattern: string, ref: string): Promise<string[] | undefined>;
}
