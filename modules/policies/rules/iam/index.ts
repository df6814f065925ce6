export * from './iam-001-no-wildcard-actions';
export * from './iam-002-scoped-resources';
export * from './iam-003-managed-policies-checked';
export * from './iam-004-web-identity-trust';
export * from './iam-005-github-audience';
export * from './iam-006-permissions-boundary';
