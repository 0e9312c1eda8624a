import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  HEADER_CSP,
  META_CSP,
} from '../../../scripts/content-security-policy.mjs';

describe('the content security policy', () => {
  it('allows scripts, workers and styles from self only, and connections to self and Gemini', () => {
    const directives = new Map(
      META_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual([
      "'self'",
      'https://generativelanguage.googleapis.com',
    ]);
    expect(META_CSP).not.toMatch(/unsafe-|data:|\*/);
    // A meta tag cannot carry frame-ancestors; browsers warn when it does.
    expect(META_CSP).not.toContain('frame-ancestors');
  });

  it('is the policy public/_headers sends, with frame-ancestors and X-Frame-Options', () => {
    const headers = readFileSync(join(process.cwd(), 'public', '_headers'), 'utf8');
    expect(HEADER_CSP).toBe(`${META_CSP}; frame-ancestors 'none'`);
    expect(headers).toContain(`  Content-Security-Policy: ${HEADER_CSP}\n`);
    expect(headers).toContain('  X-Frame-Options: DENY\n');
  });

  it('is added to the built page only, never to the dev server', () => {
    const plugin = contentSecurityPolicy();
    expect(plugin.apply).toBe('build');
    const hook = plugin.transformIndexHtml as { handler: () => unknown };
    expect(hook.handler()).toEqual([
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CSP },
        injectTo: 'head-prepend',
      },
    ]);
  });
});
