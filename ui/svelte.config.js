// Svelte 5 strips TypeScript itself; no preprocessor is needed.
export default {};
