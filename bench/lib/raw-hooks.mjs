// Node module hooks for the bench: `import sql from './x.sql?raw'` yields the file's text, as Vite and esbuild do for
// the app, so the bench runs the host's real modules (the DuckDB engine, its named queries) under tsx.
import { readFile } from 'node:fs/promises';

export async function resolve(specifier, context, next) {
  if (specifier.endsWith('?raw')) {
    const url = new URL(specifier, context.parentURL);
    return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.endsWith('?raw')) {
    const file = new URL(url.slice(0, -'?raw'.length));
    const text = await readFile(file, 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return next(url, context);
}
