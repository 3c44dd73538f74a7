import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { NoTokenNotice } from './api/NoTokenNotice';
import { App } from './App';
import { StoreProvider } from './stores/store-context';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// Null only in browser mode opened without the token `flotilla serve` printed.
const client = createClient();

createRoot(root).render(
  <StrictMode>
    {client ? (
      <StoreProvider client={client}>
        <App />
      </StoreProvider>
    ) : (
      <NoTokenNotice />
    )}
  </StrictMode>,
);
