// @ts-check
// The situation: the tracks (exact where the viewer knows them, a named
// band where it does not) and the map as SVG, with a text list of the same
// for screen readers.
import { html } from '../vendor/html.mjs';
import { draw } from '../lib/map.js';

/** @param {{ view: any, large?: boolean }} props */
export function Tracks({ view, large }) {
  if (view.tracks.length === 0) return html`<p class="none">No track is known to you.</p>`;
  return html`<ul class=${`tracks${large ? ' large' : ''}`}>
    ${view.tracks.map((/** @type {any} */ t) => html`<${Track} key=${t.id} track=${t} turn=${view.turn} />`)}
  </ul>`;
}

/** @param {{ track: any, turn: number }} props */
function Track({ track, turn }) {
  const range = track.max - track.min || 1;
  const exact = track.value != null;
  const pct = exact ? Math.round(((track.value - track.min) / range) * 100) : 0;
  return html`<li class="track">
    <p class="track-name">${track.name}</p>
    ${exact
      ? html`<div class="bar" role="meter" aria-valuemin=${track.min} aria-valuemax=${track.max} aria-valuenow=${track.value}
            aria-label=${`${track.name}: ${track.value} of ${track.min} to ${track.max}`}>
          <span class="fill" style=${{ width: `${pct}%` }}></span>
        </div>
        <p class="track-value"><strong>${track.value}</strong> <span class="hint">(${track.min}–${track.max})</span>${track.band ? html` · <span class="band">${track.band}</span>` : ''}</p>`
      : html`<p class="track-value">
          ${track.band ? html`<span class="band hatched" title="The exact value is not known to you">≈ ${track.band}</span>` : html`<span class="hint">Not known to you</span>`}
          <span class="hint unknown"> · exact value not known to you</span>
        </p>`}
    ${track.intel && html`<p class="hint">Intelligence, turn ${track.intel.turn}: ${track.intel.value}${turn > track.intel.turn ? ` (${turn - track.intel.turn} turns ago)` : ''}</p>`}
  </li>`;
}

const KIND = {
  port: 'Port',
  open_ocean: 'Open ocean',
  quarantine: 'Quarantine line',
  coastal_waters: 'Coastal waters',
  land: 'Land',
};

/** @param {{ view: any }} props */
export function ZoneMap({ view }) {
  if (view.scenario.zones.length === 0) return html`<p class="none">This scenario has no map.</p>`;
  const d = draw(view);
  return html`<figure class="map">
    <svg viewBox=${`0 0 ${d.width} ${d.height}`} role="img" aria-labelledby="map-caption" xmlns="http://www.w3.org/2000/svg">
      ${d.links.map(([a, b]) => html`<line class="link" x1=${a.x + a.w / 2} y1=${a.y + a.h / 2} x2=${b.x + b.w / 2} y2=${b.y + b.h / 2} />`)}
      ${d.boxes.map((b) => {
        let line = 0;
        return html`<g class=${`zone ${b.kind}`}>
          <rect x=${b.x} y=${b.y} width=${b.w} height=${b.h} rx="8" />
          ${b.name.map((n) => html`<text class="zone-name" x=${b.x + 8} y=${b.y + 8 + 13 + 17 * line++}>${n}</text>`)}
          ${b.markers.map((m) => m.text.split('\n').map((t) => html`<text class=${`marker ${m.mark}`} x=${b.x + 8} y=${b.y + 8 + 13 + 17 * line++}><title>${m.title}</title>${t}</text>`))}
        </g>`;
      })}
    </svg>
    <figcaption id="map-caption" class="legend">■ your units · ◇ the other side’s, where last seen · ✕ lost · dashed border: a quarantine line</figcaption>
    <ul class="sr">
      ${d.boxes.map((b) => html`<li>${b.name.join(' ')} (${b.words ?? KIND[/** @type {keyof typeof KIND} */ (b.kind)] ?? b.kind}): ${b.markers.length ? b.markers.map((m) => m.title).join('; ') : 'nothing known there'}</li>`)}
    </ul>
  </figure>`;
}
