export * from './service-security-groups';
export * from './validation';
