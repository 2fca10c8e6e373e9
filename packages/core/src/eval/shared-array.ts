type TypedArrayType<T> = {
  new (buffer: SharedArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/**
 * A zeroed typed array in shared memory. The columns of large paired predictions live here, so
 * that a worker thread computing part of their statistics reads them where they are instead of
 * receiving a copy (at 10M rows, 80 MB per column of doubles).
 */
export function sharedArray<T>(type: TypedArrayType<T>, length: number): T {
  return new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT), 0, length);
}
