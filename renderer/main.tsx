import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { HostContext } from './data/host';
import { QueryCache } from './data/query-cache';
import { createTransport } from './data/transport';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
const value = { transport: createTransport(window), cache: new QueryCache() };
createRoot(root).render(
  <StrictMode>
    <HostContext.Provider value={value}>
      <App />
    </HostContext.Provider>
  </StrictMode>,
);
