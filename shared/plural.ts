/** "1 session", "2 sessions", "1,440 patients", "3 people": one rule for counts people read. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}
