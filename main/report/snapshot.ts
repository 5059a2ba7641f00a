/** `window.runlensReportSnapshot()`, defined by the print page (renderer/features/report/standalone-html.ts). */
export const SNAPSHOT_CALL = 'window.runlensReportSnapshot()';
