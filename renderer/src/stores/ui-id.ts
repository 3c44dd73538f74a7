/** An id the renderer makes for work whose events may arrive before the call answers: `<prefix><12 hex>`. */
export function newUiId(prefix: string, random: () => number = Math.random): string {
  let hex = '';
  for (let i = 0; i < 12; i++) hex += Math.floor(random() * 16).toString(16);
  return `${prefix}${hex}`;
}
