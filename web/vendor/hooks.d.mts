// Types for tsc of the vendored hooks.mjs, which is the npm package's file
// (see update.sh): its own declarations.
export * from 'preact/hooks';
