import type { Plugin } from 'vite';

/** The only host the page talks to besides itself: the Gemini API the SDK calls. */
export const GEMINI_ORIGIN: string;
/** Directives a meta tag can carry: self-only scripts, workers, styles; self and Gemini to connect. */
export const META_POLICY: ReadonlyArray<readonly [string, ...string[]]>;
/** Directives only a header can carry (frame-ancestors). */
export const HEADER_ONLY_POLICY: ReadonlyArray<readonly [string, ...string[]]>;
/** Writes directives as a policy string: `name value…; name value…`. */
export function formatPolicy(directives: ReadonlyArray<readonly [string, ...string[]]>): string;
/** The policy of the meta tag in the built page. */
export const META_CSP: string;
/** The policy a host sends as the Content-Security-Policy header. */
export const HEADER_CSP: string;
/** Adds the meta policy to the built page only. */
export function contentSecurityPolicy(): Plugin;
