/**
 * Turns off zod's compiled parsers on the page. Their probe calls `new Function`, which the page's
 * content security policy refuses and reports as a violation; zod's interpreter needs no eval.
 * Imported first by main.ts, so it runs before any schema parses.
 */
import { z } from 'zod';

z.config({ jitless: true });
