import type { Bridge } from '../main/contract/bridge';

declare global {
  interface Window {
    /**
     * Set by the Electron preload; absent in browser mode (the renderer then uses HTTP). Its
     * `pathForFile` helper exists only here (see Bridge): browser pages cannot see file paths.
     */
    flotilla?: Bridge;
  }
}

export {};
