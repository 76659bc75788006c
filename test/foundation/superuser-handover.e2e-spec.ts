import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { APP_ROLE, EMBEDDED_DATABASE, openDatabaseTarget, withDatabase } from '../../src/database/database-launcher';
import { rootPlaceFor } from '../../src/database/embedded-postgres';

/**
 * At every start the embedded server's superuser provisions the app's role and hands over, in
 * the app's own database, whatever it still owns there. The app's role owns that database and
 * can create functions, operators and triggers in it; none of them may ever run as the
 * superuser, or the role can make itself one (and then run programs on the host).
 */
describe('the superuser at start runs nothing the app role made', () => {
  let dir: string;
  const port = 27000 + Math.floor(Math.random() * 2000);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'handover-'));
    chmodSync(dir, 0o755);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    // As root from a folder `postgres` cannot enter, the cluster would be kept there instead.
    rmSync(rootPlaceFor(join(dir, 'data', 'postgres')), { recursive: true, force: true });
  });

  async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Every planted routine records who ran it and, when that is a superuser, escalates. */
  const payload = `
    INSERT INTO public.ran (what, who) VALUES (TG_NAME_OR, current_user);
    IF current_setting('is_superuser') = 'on' THEN
      EXECUTE 'ALTER ROLE ${APP_ROLE} SUPERUSER';
    END IF;`;
  const body = (what: string) => payload.replace('TG_NAME_OR', `'${what}'`);

  it('leaves the role without superuser and runs none of its operators, functions or triggers', async () => {
    const config = { databaseUrl: null, dataDir: join(dir, 'data'), embeddedPostgresPort: port };
    const first = await openDatabaseTarget(config, () => undefined);
    const superuser = withDatabase(first.embedded!.superuserUrl, EMBEDDED_DATABASE);
    try {
      // The app's role plants what the hand-over block would resolve to with the default search_path.
      await query(
        first.url,
        `CREATE TABLE public.ran (what text NOT NULL, who name NOT NULL);
         GRANT INSERT ON public.ran TO PUBLIC;
         CREATE FUNCTION public.not_like(name, name) RETURNS boolean LANGUAGE plpgsql AS $f$
         BEGIN ${body('operator !~~')} RETURN NOT ($1::text LIKE $2::text); END $f$;
         CREATE OPERATOR public.!~~ (LEFTARG = name, RIGHTARG = name, FUNCTION = public.not_like);
         CREATE FUNCTION public.not_equal(name, name) RETURNS boolean LANGUAGE plpgsql AS $f$
         BEGIN ${body('operator <>')} RETURN $1::text <> $2::text; END $f$;
         CREATE OPERATOR public.<> (LEFTARG = name, RIGHTARG = name, FUNCTION = public.not_equal);
         CREATE FUNCTION public.format(text, name) RETURNS text LANGUAGE plpgsql AS $f$
         BEGIN ${body('format(text, name)')} RETURN pg_catalog.format($1, $2); END $f$;
         CREATE FUNCTION public.format(text, text, regclass) RETURNS text LANGUAGE plpgsql AS $f$
         BEGIN ${body('format(text, text, regclass)')} RETURN pg_catalog.format($1, $2, $3); END $f$;
         CREATE FUNCTION public.format(text, regclass) RETURNS text LANGUAGE plpgsql AS $f$
         BEGIN ${body('format(text, regclass)')} RETURN pg_catalog.format($1, $2); END $f$;
         CREATE FUNCTION public.format(text, regprocedure) RETURNS text LANGUAGE plpgsql AS $f$
         BEGIN ${body('format(text, regprocedure)')} RETURN pg_catalog.format($1, $2); END $f$;
         CREATE FUNCTION public.format(text, regtype) RETURNS text LANGUAGE plpgsql AS $f$
         BEGIN ${body('format(text, regtype)')} RETURN pg_catalog.format($1, $2); END $f$;
         CREATE FUNCTION public.pg_get_userbyid(oid) RETURNS name LANGUAGE plpgsql AS $f$
         BEGIN ${body('pg_get_userbyid')} RETURN pg_catalog.pg_get_userbyid($1); END $f$;
         CREATE FUNCTION public.noted() RETURNS trigger LANGUAGE plpgsql AS $f$
         BEGIN ${body('trigger')} RETURN NULL; END $f$;
         CREATE TABLE public.watched (v text);
         CREATE TRIGGER watched_any AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.watched
           FOR EACH STATEMENT EXECUTE FUNCTION public.noted();
         CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $f$
         BEGIN ${body('event trigger')} END $f$;`,
      );
      // The app's database may also steer what a superuser's session there starts with.
      await query(first.url, `ALTER DATABASE ${EMBEDDED_DATABASE} SET search_path = public, pg_catalog`);
      // Event triggers (which would fire on the hand-over's ALTER … OWNER) are the superuser's alone.
      await expect(query(first.url, 'CREATE EVENT TRIGGER on_ddl ON ddl_command_start EXECUTE FUNCTION public.on_ddl()')).rejects.toThrow(
        /permission denied|must be superuser/,
      );
      await expect(query(first.url, 'CREATE EVENT TRIGGER on_login ON login EXECUTE FUNCTION public.on_ddl()')).rejects.toThrow(
        /permission denied|must be superuser/,
      );
      // Something the superuser still owns there, so the next start hands it over.
      await query(superuser, 'CREATE TABLE public.left_by_superuser (v text); CREATE SEQUENCE public.left_sequence');
    } finally {
      await first.embedded!.stop();
    }

    const second = await openDatabaseTarget(config, () => undefined);
    try {
      const su = withDatabase(second.embedded!.superuserUrl, EMBEDDED_DATABASE);
      expect(await query(su, 'SELECT what, who FROM public.ran')).toEqual([]);
      expect(await query(su, `SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = '${APP_ROLE}'`)).toEqual([{ rolsuper: false }]);
      // The hand-over still did its job.
      expect(
        await query(
          su,
          `SELECT c.relname, pg_catalog.pg_get_userbyid(c.relowner) AS owner FROM pg_catalog.pg_class c
           WHERE c.relname IN ('left_by_superuser', 'left_sequence') ORDER BY 1`,
        ),
      ).toEqual([
        { relname: 'left_by_superuser', owner: APP_ROLE },
        { relname: 'left_sequence', owner: APP_ROLE },
      ]);
      // And the app, connecting as its role, cannot run programs.
      await expect(query(second.url, `COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toThrow(/permission denied|superuser/);
    } finally {
      await second.embedded!.stop();
    }
  }, 180_000);
});
