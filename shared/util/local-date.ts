const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date in the local time zone as people write it in reports and tables: "2025-11-21". */
export function localDate(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}
