import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { createAppStore } from '../stores/app-store';
import { StoreProvider } from '../stores/store-context';
import { createFakeClient, type FakeClient } from './fake-client';

/** Renders the whole app against a fake client, with a fresh store. */
export function renderApp(fake: FakeClient = createFakeClient()) {
  const store = createAppStore(fake.client);
  const user = userEvent.setup();
  const view = render(
    <StoreProvider client={fake.client} store={store}>
      <App />
    </StoreProvider>,
  );
  return { ...view, user, fake, store };
}
