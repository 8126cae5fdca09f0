/**
 * The promise made once per name and shared by every caller; a failed one is forgotten, so the next
 * caller tries again instead of inheriting the failure.
 */
export function memoized<T>(map: Map<string, Promise<T>>, name: string, make: () => Promise<T>): Promise<T> {
  let p = map.get(name);
  if (!p) {
    p = make();
    map.set(name, p);
    p.catch(() => map.delete(name));
  }
  return p;
}
