/** The global the print page defines, which both printers call to take the HTML copy. */
export const SNAPSHOT_GLOBAL = 'runlensReportSnapshot';

/**
 * Turns the rendered report page into a standalone HTML file (issue 7 §4). The print page exposes it as
 * `window.runlensReportSnapshot()` for the printers (Chromium's page.evaluate, Electron's executeJavaScript). The copy has no scripts (the charts are already inline SVG), every style rule inlined, and a CSP that
 * forbids any network access, so it opens offline and cannot run anything even if a run name tried to.
 */
export function snapshotReportDocument(): string {
  const doc = document.documentElement.cloneNode(true) as HTMLElement;
  for (const el of Array.from(doc.querySelectorAll('script, link, noscript, iframe, object, embed, base, meta[http-equiv]'))) el.remove();
  // Charts drawn on canvas would be lost in a copy; the report draws SVG, but say so if one slipped through.
  for (const c of Array.from(doc.querySelectorAll('canvas'))) c.replaceWith(document.createTextNode('[chart not available in HTML: drawn on canvas]'));
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name) || ((a.name === 'href' || a.name === 'src' || a.name === 'xlink:href') && /^\s*(javascript|data|vbscript):/i.test(a.value))) el.removeAttribute(a.name);
    }
  }
  const css: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      for (const rule of Array.from(sheet.cssRules)) css.push(rule.cssText);
    } catch {
      // A cross-origin sheet cannot be read; the report has none.
    }
  }
  const head = doc.querySelector('head') ?? doc.insertBefore(document.createElement('head'), doc.firstChild);
  const csp = document.createElement('meta');
  csp.setAttribute('http-equiv', 'Content-Security-Policy');
  csp.setAttribute('content', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:");
  head.insertBefore(csp, head.firstChild);
  const style = document.createElement('style');
  // A rule's text cannot close the style element: `<` only appears in strings, escaped as a CSS code point.
  style.textContent = css.join('\n').replace(/</g, '\\3c ');
  head.appendChild(style);
  return `<!doctype html>\n${doc.outerHTML}`;
}
