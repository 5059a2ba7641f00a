// sql.js's single-file build (the wasm inlined as base64): nothing to fetch or read at run time. @types/sql.js types only
// the package root; the dist builds export the same init function.
declare module 'sql.js/dist/sql-wasm-inline.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
