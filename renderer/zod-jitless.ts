import { z } from 'zod';

// zod compiles fast parsers with `new Function` when it may. The app's CSP forbids eval, so zod's probe for it would
// only raise a CSP violation report at every load, and the untrusted-content tests treat any report as an attack.
// Imported first by main.tsx: schemas built at import time decide then.
z.config({ jitless: true });
