/**
 * What `read` returns once it has stopped growing for a second: the collector's rows after late
 * events (an engagement event sent as an earlier page closed) have landed.
 */
export async function whenSettled<T>(read: () => T[]): Promise<T[]> {
  let found = read();
  for (let quiet = 0; quiet < 10; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = read();
    quiet = now.length === found.length ? quiet + 1 : 0;
    found = now;
  }
  return found;
}
