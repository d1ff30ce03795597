/**
 * Rows grouped by a key, each group in the rows' order (Map.groupBy arrives in Node 21; the app also runs on
 * Node 20).
 */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = out.get(k);
    if (group) group.push(row);
    else out.set(k, [row]);
  }
  return out;
}
