export interface BundleTarget {
  name: string;
  entry: string;
  outDir: string;
  outFile: string;
}
export function listBundleTargets(root: string): BundleTarget[];
export function bundleTarget(target: BundleTarget): Promise<Map<string, Buffer>>;
export function writeBundle(target: BundleTarget, files: Map<string, Buffer>): Promise<void>;
export function findStaleFiles(target: BundleTarget, files: Map<string, Buffer>, root: string): Promise<string[]>;
