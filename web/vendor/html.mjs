// @ts-check
// Brink's glue, not vendored: htm bound to Preact's h, so that components
// write `html\`<p>${text}</p>\`` (text is always text, never markup).
import htm from './htm.mjs';
import { h } from './preact.mjs';

/** @type {(strings: TemplateStringsArray, ...values: unknown[]) => import('./preact.mjs').VNode} */
export const html = /** @type {any} */ (htm.bind(h));
