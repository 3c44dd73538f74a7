/** What electron-builder passes to `beforeBuild` (app-builder-lib BeforeBuildContext). */
export interface BeforeBuildContext {
  appDir: string;
  electronVersion: string;
  platform: { nodeName: NodeJS.Platform };
  arch: string;
}

export function keytarRebuildOptions(context: BeforeBuildContext): Record<string, unknown> & { onlyModules: string[] };
export function rebuildKeytar(context: BeforeBuildContext, rebuild: (options: Record<string, unknown>) => Promise<unknown>): Promise<false>;
export default function beforeBuild(context: BeforeBuildContext): Promise<false>;
