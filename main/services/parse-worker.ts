/**
 * The parse worker (a worker thread of the host): reads and parses whole runs with the registered importers, so a
 * cold import parses on other cores while the main thread stores into DuckDB. One run at a time, in the order asked;
 * the parsed run moves back with its point arrays transferred, not copied. See parse-pool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { importers } from '../importers/registry';
import { readClaim } from './import-source';
import type { ParseReply } from './parse-protocol';
import { ParseRequest } from './parse-protocol';
import { errorMessage } from './read-run';
import { toWire } from './run-wire';

const port = parentPort;
if (!port) throw new Error('parse-worker runs as a worker thread');
const running = new Map<number, AbortController>();
const reply = (msg: ParseReply, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

/** Reads run one after another in the order they were asked for (the main thread stores them in that order). */
let queue: Promise<void> = Promise.resolve();

port.on('message', (raw: unknown) => {
  const msg = ParseRequest.parse(raw);
  if (msg.type === 'cancel') {
    running.get(msg.id)?.abort();
    return;
  }
  // Queued here, not on the main thread: the next read starts the moment one ends, whatever the main thread is doing.
  const controller = new AbortController();
  running.set(msg.id, controller);
  queue = queue.then(() => read(msg, controller));
});

async function read(msg: Extract<ParseRequest, { type: 'read' }>, controller: AbortController): Promise<void> {
  try {
    if (controller.signal.aborted) throw new DOMException('cancelled', 'AbortError');
    const importer = importers.find((i) => i.id === msg.importerId && i.version === msg.importerVersion);
    if (!importer) throw new Error(`no importer ${msg.importerId} v${msg.importerVersion} in the parse worker`);
    const claim = { importer, relPath: msg.relPath, files: msg.files, ...(msg.options ? { options: msg.options } : {}) };
    const run = await readClaim({ rootAbs: msg.rootAbs }, claim, controller.signal, { onFileRead: (rel, bytes) => reply({ type: 'file', id: msg.id, rel, bytes }) });
    // Importers stop early on a cancel and return what they had: a cancelled read says so instead.
    if (controller.signal.aborted) throw new DOMException('cancelled', 'AbortError');
    const wire = toWire(run);
    reply({ type: 'done', id: msg.id, run: wire.run }, wire.transfer);
  } catch (err) {
    reply({ type: 'error', id: msg.id, message: errorMessage(err), aborted: controller.signal.aborted });
  } finally {
    running.delete(msg.id);
  }
}
