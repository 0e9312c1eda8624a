/** Offers `text` to the user as a file download named `filename`, of MIME type `type`. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The click starts the download synchronously; the URL can go once the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Puts `text` on the clipboard; rejects when the browser refuses (no permission, no focus). */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard) throw new Error('this browser offers no clipboard to the page');
  await navigator.clipboard.writeText(text);
}

/** A file name for a Prometheus export taken at `at`, e.g. agent-payment-lab-2026-12-01T21-40-00.prom. */
export function prometheusFileName(at: Date): string {
  return `agent-payment-lab-${at.toISOString().slice(0, 19).replaceAll(':', '-')}.prom`;
}
