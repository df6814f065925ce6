export * from './certificate';
export * from './validation';
export * from './validation-record-names';
