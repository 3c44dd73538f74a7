// The contract as the renderer and the preload import it: types and plain data only, no zod at
// runtime (the schemas are in <service>/schemas.ts and methods.ts, imported by main only).
export * from './api';
export * from './channels';
export * from './errors';
export * from './events';
export * from './bridge';
export type * from './app/dto';
export type * from './projects/dto';
