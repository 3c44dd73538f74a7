#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/agent/index.mjs', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('flotilla-agent: the agent is not built yet. Run `npm install` (or `npm run build`) in the Flotilla checkout first.');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
