import { Logger } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { MIGRATIONS } from '../../migrations';

const poolLogger = new Logger('Database');

/** One place that says how we talk to PostgreSQL; the schema comes only from migrations. */
export function dataSourceOptions(
  url: string,
  overrides: { poolSize?: number; applicationName?: string; replicaUrl?: string | null } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // A replica only for reads that ask for it (createQueryRunner('slave')): everything else,
    // query builders included, stays on the primary and reads its own writes.
    ...(overrides.replicaUrl
      ? { replication: { master: { url }, slaves: [{ url: overrides.replicaUrl }], defaultMode: 'master' as const } }
      : {}),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension needs installing.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    poolSize: overrides.poolSize ?? 20,
    applicationName: overrides.applicationName ?? 'support-orders',
    extra: { connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 },
    // An idle pooled connection the server drops (a restart, a failover) is reported here;
    // unheard, pg would throw it and end the process. TypeORM's default listener says it only
    // when TypeORM's own logging is on: operators should see it in ours.
    poolErrorHandler: (error: Error) => poolLogger.warn(`a pooled database connection was lost: ${error.message}`),
  };
}
