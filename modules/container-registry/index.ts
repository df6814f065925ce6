export * from './container-registry';
export * from './lifecycle-policy';
export * from './validation';
