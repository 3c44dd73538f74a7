import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ContractClient } from '../api/client';
import { createAppStore, type AppStore, type AppStoreState } from './app-store';
import { subscribeEvents } from './subscribe-events';

const StoreContext = createContext<AppStore | null>(null);

export interface StoreProviderProps {
  client: ContractClient;
  /** A store made beforehand (tests); by default one is created for `client`. */
  store?: AppStore;
  children: ReactNode;
}

/** Makes the store available to the tree and keeps it subscribed to the contract's events. */
export function StoreProvider({ client, store, children }: StoreProviderProps) {
  const [value] = useState(() => store ?? createAppStore(client));
  useEffect(() => subscribeEvents(client, value), [client, value]);
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

export function useAppStore<T>(selector: (state: AppStoreState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore must be used inside <StoreProvider>.');
  return useStore(store, selector);
}
