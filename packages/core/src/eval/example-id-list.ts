/**
 * A read-only array of ids that decodes each id when it is read. PairedPredictions keeps ids
 * "for reporting flips by id", which reads a handful; materialising ten million strings up front
 * would cost ~500 MB, so the list is a view over the compact id store instead. It behaves as an
 * array (indexing, length, iteration, map/filter/slice, JSON.stringify).
 */
export function lazyIdList(length: number, idAt: (index: number) => string): readonly string[] {
  return new Proxy<string[]>([], {
    get(target, key, receiver) {
      if (key === "length") return length;
      if (typeof key === "string") {
        const index = toIndex(key);
        if (index !== undefined) return index < length ? idAt(index) : undefined;
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string") {
        const index = toIndex(key);
        if (index !== undefined) return index < length;
      }
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === "string") {
        const index = toIndex(key);
        if (index !== undefined && index < length) {
          return { value: idAt(index), writable: false, enumerable: true, configurable: true };
        }
        if (key === "length") return { value: length, writable: true, enumerable: false, configurable: false };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys() {
      return [...Array.from({ length }, (_, i) => String(i)), "length"];
    },
    set() {
      return false;
    },
    defineProperty() {
      return false;
    },
    deleteProperty() {
      return false;
    },
  });
}

function toIndex(key: string): number | undefined {
  if (key.length === 0 || key.length > 10) return undefined;
  const code = key.charCodeAt(0);
  if (code < 48 || code > 57 || (key.length > 1 && code === 48)) return undefined;
  const index = Number(key);
  return Number.isInteger(index) ? index : undefined;
}
