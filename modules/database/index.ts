export * from './database';
export * from './validation';
