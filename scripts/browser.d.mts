/** Finds the Chromium the browser tests drive, or null when none is installed. */
export function findChromium(): Promise<string | null>;
/** One line telling a person how to get a browser. */
export const NO_BROWSER_MESSAGE: string;
