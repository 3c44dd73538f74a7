import type { BuildOptions, LogLevel } from 'esbuild';

/** esbuild options for render-worker.cjs at `outfile` (see render-worker-build.mjs). */
export function renderWorkerOptions(outfile: string, logLevel?: LogLevel): BuildOptions;
