import type { EnvironmentConfig } from './types';

export const dev: EnvironmentConfig = {
  name: 'dev',
  accountId: '222222222222',
  logRetentionDays: 30,
  network: {
    cidr: '10.10.0.0/16',
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
    nat: 'none',
  },
};
