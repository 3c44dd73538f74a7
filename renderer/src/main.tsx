import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { NoTokenNotice } from './api/NoTokenNotice';
import { App } from './App';
import { createAppStore } from './stores/app-store';
import { connectHashRoute } from './stores/hash-route';
import { StoreProvider } from './stores/store-context';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// Null only in browser mode opened without the token `flotilla serve` printed.
const client = createClient();
// The page (and open instance) in the URL's fragment is shown from the first render on.
const store = client ? createAppStore(client) : null;
if (store) connectHashRoute(store);

createRoot(root).render(
  <StrictMode>
    {client && store ? (
      <StoreProvider client={client} store={store}>
        <App />
      </StoreProvider>
    ) : (
      <NoTokenNotice />
    )}
  </StrictMode>,
);
