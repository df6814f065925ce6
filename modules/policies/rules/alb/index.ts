export * from './alb-001-drop-invalid-headers';
export * from './alb-002-tls13-policy';
export * from './alb-003-http-redirects-only';
export * from './alb-004-http-rules-redirect-only';
