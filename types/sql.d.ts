// Named queries live in .sql files and are imported as text (vite `?raw`; the esbuild build maps it the same way).
declare module '*.sql?raw' {
  const text: string;
  export default text;
}
