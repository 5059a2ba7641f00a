// First: it must run before any module builds a zod schema.
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ReportRoute } from './features/report/ReportRoute';
import { TransportContext } from './data/host';
import { QueryCache, QueryCacheContext } from './data/query-cache';
import { createTransport } from './data/transport';
import { appStore } from './state/store';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// Read before the transport tidies the address bar: `?report=<id>` opens one report in print mode (the PDF printer).
const reportId = new URL(window.location.href).searchParams.get('report');
const transport = createTransport(window);
// Every failed host request is listed, as its message, in the error panel.
const cache = new QueryCache({ onError: (_key, err) => appStore.getState().report(err.message) });
window.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  const reason: unknown = e.reason;
  appStore.getState().report(reason instanceof Error ? reason.message : String(reason));
});

createRoot(root).render(
  <StrictMode>
    <TransportContext.Provider value={transport}>
      <QueryCacheContext.Provider value={cache}>
        {reportId ? <ReportRoute reportId={reportId} /> : <App />}
      </QueryCacheContext.Provider>
    </TransportContext.Provider>
  </StrictMode>,
);
