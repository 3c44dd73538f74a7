/** KEY=VALUE lines → a record; blank lines and # comments are skipped. */
export function parseEnvLines(text: string): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  text.split('\n').forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
      problems.push(`Line ${n + 1}: write KEY=VALUE with KEY in capitals, digits and _ (got '${line}').`);
      return;
    }
    env[name] = line.slice(eq + 1);
  });
  return { env, problems };
}
