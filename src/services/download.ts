/** Offers `text` (one string, or parts to join: strings or Blobs) to the user as a JSON file download named `filename`. */
export function downloadJson(filename: string, text: string | readonly BlobPart[]): void {
  const parts = typeof text === 'string' ? [text] : [...text];
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The click starts the download synchronously; the URL can go once the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name for a history exported at `at`, e.g. agent-payment-lab-history-2026-11-21T16-30-00.json. */
export function historyFileName(at: Date): string {
  return `agent-payment-lab-history-${at.toISOString().slice(0, 19).replaceAll(':', '-')}.json`;
}
