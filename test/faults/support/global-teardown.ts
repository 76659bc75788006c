import { Client } from 'pg';

export default async function faultsGlobalTeardown(): Promise<void> {
  const url = process.env.FAULTS_SERVER_URL;
  if (url) {
    // Databases left by an interrupted run.
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    await client
      .connect()
      .then(async () => {
        const { rows } = await client.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname ~ '^fault_[a-z]+_[0-9a-f]{8}$'`,
        );
        for (const row of rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      })
      .catch(() => undefined)
      .finally(() => client.end().catch(() => undefined));
  }
  await globalThis.__faultsPostgres?.stop();
}
