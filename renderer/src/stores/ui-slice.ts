import type { AppStoreState, SliceCreator } from './app-store';
import { slicePatch } from './slice-kit';

export const pages = ['projects', 'instances', 'revisions', 'settings'] as const;
export type Page = (typeof pages)[number];

export interface UiState {
  page: Page;
}

export interface UiActions {
  showPage(page: Page): void;
}

export type UiSlice = UiState & UiActions;

export const initialUiState: UiState = { page: 'projects' };

export const createUiSlice: SliceCreator<'ui'> = (set) => ({
  ...initialUiState,
  showPage: (page) => slicePatch(set, 'ui')({ page }),
});

export const selectPage = (s: AppStoreState): Page => s.ui.page;
