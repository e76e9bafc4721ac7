/** Migration 009: the artifact indexes by grant, user and client made partial; the same statements on both engines. */
export { up } from '../oauth-partial-indexes.js';
