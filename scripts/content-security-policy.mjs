// The lab's content security policy, in one place: the build writes it into index.html as a meta
// tag, and public/_headers repeats it (plus what only a header can say) for static hosts.

/** The only host the page talks to besides itself: the Gemini API the SDK calls. */
export const GEMINI_ORIGIN = 'https://generativelanguage.googleapis.com';

/**
 * Directives a meta tag can carry. Scripts, workers, styles and images come from the page's own
 * origin only: no inline script, no eval, no inline style; connections go to self and Gemini.
 * @type {ReadonlyArray<readonly [string, ...string[]]>}
 */
export const META_POLICY = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['worker-src', "'self'"],
  ['connect-src', "'self'", GEMINI_ORIGIN],
  ['style-src', "'self'"],
  ['img-src', "'self'"],
  ['font-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/**
 * Directives browsers ignore (and warn about) in a meta tag, so they go in the header only.
 * @type {ReadonlyArray<readonly [string, ...string[]]>}
 */
export const HEADER_ONLY_POLICY = [['frame-ancestors', "'none'"]];

/**
 * Writes directives as a policy string: `name value…; name value…`.
 * @param {ReadonlyArray<readonly [string, ...string[]]>} directives
 * @returns {string}
 */
export function formatPolicy(directives) {
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The policy of the meta tag in the built page. */
export const META_CSP = formatPolicy(META_POLICY);

/** The policy a host sends as the Content-Security-Policy header. */
export const HEADER_CSP = formatPolicy([...META_POLICY, ...HEADER_ONLY_POLICY]);

/**
 * Adds the meta policy to the built page only: the dev server injects inline styles and scripts
 * for hot reload, which the policy rightly refuses.
 * @returns {import('vite').Plugin}
 */
export function contentSecurityPolicy() {
  return {
    name: 'lab-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CSP },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
