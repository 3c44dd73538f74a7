/** POSIX shell single-quoting: the value comes out as exactly one word, never as code. */
export function shq(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
