import type { NetworkSettings } from '../modules/network';
import type { EnvironmentConfig, ServiceConfig } from './types';

/** What every environment file states itself: no base can know who it is or where its addresses are. */
export type EnvironmentIdentity = Pick<EnvironmentConfig, 'name' | 'accountId' | 'domain'> & {
  readonly network: Pick<NetworkSettings, 'cidr'>;
};

/** Everything else: a base supplies it whole, and an environment file overrides what differs. */
export type EnvironmentBase = Omit<EnvironmentConfig, keyof EnvironmentIdentity> & {
  readonly network: Omit<NetworkSettings, 'cidr'>;
};

/** Any part of T, at any depth; arrays are replaced whole, never merged element by element. */
export type Overrides<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: Overrides<T[K]> }
    : T;

/** A base's own settings over the common ones, and what it gives every service it runs. */
export type BaseSettings = Overrides<EnvironmentBase> & {
  /** Set on every service of the base, under the service's own settings (which win). */
  readonly everyService: Overrides<ServiceConfig>;
};

/**
 * An environment built from a base: objects are merged key by key, at any depth; arrays and
 * values replace the base's; a key set to `undefined` removes the base's (an optional setting,
 * or a service this environment does not run). The result is checked like any other environment.
 */
export function defineEnvironment(
  base: EnvironmentBase,
  environment: EnvironmentIdentity & Overrides<EnvironmentBase>,
): EnvironmentConfig {
  return merge(base, environment) as EnvironmentConfig;
}

/**
 * A base built on the settings it shares with the other bases: its own settings are merged over
 * `common` as an environment is merged over its base, then `everyService` goes under each service.
 * So a service added to `common` runs in every environment of every base, with each base's counts
 * and ECS Exec; and a setting changed in `common` reaches production and pre-production alike.
 * Whatever neither supplies is missing, and the configuration's shape check names it.
 */
export function defineBase(
  common: Overrides<EnvironmentBase>,
  { everyService, ...settings }: BaseSettings,
): EnvironmentBase {
  const merged = merge(common, settings) as Data;
  const services = Object.fromEntries(
    Object.entries((merged.services ?? {}) as Data).map(([name, service]) => [
      name,
      merge(everyService, service),
    ]),
  );
  return { ...merged, services } as unknown as EnvironmentBase;
}

type Data = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) delete merged[key];
    else merged[key] = key in base ? merge(base[key], value) : value;
  }
  return merged;
}
