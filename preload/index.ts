/**
 * The sandboxed preload (built to dist/preload/index.cjs): exposes the typed bridge on
 * `window.flotilla` (the contract, plus `pathForFile` for dropped files), and nothing else. It
 * imports only the contract's plain data (channel and event names), not its zod schemas:
 * validation happens in main.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeBridge } from './bridge';

exposeBridge(contextBridge, ipcRenderer, webUtils);
