// @ts-check
// A QR code for a link, drawn by the page as SVG (uqr encodes it; one path
// of dark modules, with the quiet zone the standard asks for), so a class
// can join from their phones by pointing them at the screen.
import { html } from '../vendor/html.mjs';
import { encode } from '../vendor/uqr.mjs';

/** The SVG path of the dark modules. @param {boolean[][]} data */
export function modules(data) {
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => { if (dark) d += `M${x} ${y}h1v1h-1z`; }));
  return d;
}

/** @param {{ text: string, label: string }} props */
export function Qr({ text, label }) {
  const code = encode(text, { ecc: 'M', border: 4 });
  return html`<svg class="qr" viewBox=${`0 0 ${code.size} ${code.size}`} role="img" aria-label=${label}
    shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
    <rect width=${code.size} height=${code.size} fill="#fff" />
    <path d=${modules(code.data)} fill="#000" />
  </svg>`;
}
