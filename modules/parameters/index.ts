export * from './parameters';
export * from './validation';
