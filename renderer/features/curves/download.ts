/**
 * Saves a file the way a web page does: a temporary `blob:` link with `download` clicked. The browser (or Electron,
 * which shows its save dialog for it) writes the file; nothing goes through the host.
 */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is ample for it to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export { safeFileName } from '../../../shared/util/file-name';
