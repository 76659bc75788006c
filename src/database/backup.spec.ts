import { BackupError, defaultBackupFile, describe as describeUrl, pickTool } from './backup';

describe('pickTool', () => {
  const tool = (major: number) => ({ path: `/usr/lib/postgresql/${major}/bin/pg_dump`, major, version: `${major}.1` });

  it('takes the same major as the server, else the nearest newer one', () => {
    expect(pickTool('pg_dump', 17, [tool(18), tool(17), tool(15)]).major).toBe(17);
    expect(pickTool('pg_dump', 16, [tool(18), tool(17), tool(15)]).major).toBe(17);
  });

  it('names the server version, what it found and what to install when nothing fits', () => {
    expect(() => pickTool('pg_dump', 17, [tool(15)])).toThrow(BackupError);
    expect(() => pickTool('pg_dump', 17, [tool(15)])).toThrow(
      'the database runs PostgreSQL 17 and needs pg_dump 17 or newer; found only /usr/lib/postgresql/15/bin/pg_dump (15.1). ' +
        'Install the PostgreSQL 17 client tools (e.g. postgresql-client-17) and set PG_BIN_DIR to their bin folder',
    );
    expect(() => pickTool('pg_restore', 17, [])).toThrow(/found no pg_restore/);
  });
});

describe('backup file names and descriptions', () => {
  it('defaults to a UTC timestamp under backups/', () => {
    expect(defaultBackupFile(new Date('2026-11-25T23:05:09.123Z'), '/srv/backups')).toBe(
      '/srv/backups/support-orders-20261125T230509Z.dump',
    );
  });

  it('never shows the password', () => {
    expect(describeUrl('postgres://app:s3cret@db.example:6432/orders')).toBe('db.example:6432/orders');
  });
});
