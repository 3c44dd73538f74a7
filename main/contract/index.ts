export * from './api';
export * from './channels';
export * from './errors';
export * from './events';
export * from './bridge';
export type * from './dto/app';
export type * from './dto/projects';
