// Types for tsc of the vendored htm.mjs, which is the npm package's file
// (see update.sh): its own declarations.
export { default } from 'htm';
