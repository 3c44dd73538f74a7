/**
 * The little of `electron` that the REAL electron-store (11.0.2) reads in the main process
 * (node_modules/electron-store/index.js: `const {app, ipcMain, shell} = electron`; it calls
 * `app.getPath('userData')`, `app.getVersion()` and `ipcMain.on(...)`), for tests that run it in
 * Node: `vi.mock('electron', () => import('./electron-stand-in.test-helpers'))`.
 */
export const standIn = { userData: '/nonexistent', ipcOn: [] as string[] };

export const app = { getPath: (name: string) => (name === 'userData' ? standIn.userData : '/nonexistent'), getVersion: () => '0.1.0' };
export const ipcMain = { on: (channel: string) => void standIn.ipcOn.push(channel) };
export const shell = { openPath: async () => '' };
export default { app, ipcMain, shell };
