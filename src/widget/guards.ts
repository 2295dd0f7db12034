/**
 * Small readers for data from outside (no zod in the bundle): never throw, never cast. They are
 * the contract's, which reads the backend's answers with them.
 */
export { isString, optionalStrings, prop } from '../contract';
