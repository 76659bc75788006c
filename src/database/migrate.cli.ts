import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { openDatabaseTarget } from './database-launcher';
import { dataSourceOptions } from './data-source-options';

/**
 * `run` / `revert` apply or undo migrations; `generate <Name>` writes a migration for the
 * difference between the entities and the schema; `check` fails (exit 1) when there is one,
 * which is how CI notices entities and migrations drifting apart.
 */
async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const target = await openDatabaseTarget(config, (line) => console.log(line));
  const db = new DataSource(dataSourceOptions(target.url, { poolSize: 2, applicationName: 'migrate' }));
  try {
    await db.initialize();
    switch (command) {
      case 'run': {
        const ran = await db.runMigrations({ transaction: 'each' });
        console.log(ran.length ? `applied ${ran.map((m) => m.name).join(', ')}` : 'schema is up to date');
        return 0;
      }
      case 'revert':
        await db.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
        return 0;
      case 'check':
      case 'generate': {
        await db.runMigrations({ transaction: 'each' });
        const sql = await db.driver.createSchemaBuilder().log();
        if (sql.upQueries.length === 0) {
          console.log('entities and migrations agree: nothing to generate');
          return 0;
        }
        if (command === 'check') {
          console.error('entities and migrations differ; run `npm run migration:generate <Name>`. Missing:');
          for (const q of sql.upQueries) console.error(`  ${q.query}`);
          return 1;
        }
        return writeMigration(
          name,
          sql.upQueries.map((q) => q.query),
          sql.downQueries.map((q) => q.query),
        );
      }
      default:
        console.error('usage: migrate.cli run | revert | generate <Name> | check');
        return 2;
    }
  } finally {
    if (db.isInitialized) await db.destroy();
    await target.embedded?.stop();
  }
}

function writeMigration(name: string | undefined, up: string[], down: string[]): number {
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('give the migration a PascalCase name: npm run migration:generate -- AddThing');
    return 2;
  }
  const stamp = Date.now();
  const className = `${name}${stamp}`;
  const lines = (qs: string[]) => qs.map((q) => `    await q.query(\`${q.replace(/\s+$/, '')}\`);`).join('\n');
  const file = join(process.cwd(), 'migrations', `${stamp}-${name}.ts`);
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(q: QueryRunner): Promise<void> {\n${lines(up)}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${lines(down.reverse())}\n  }\n}\n`,
  );
  registerMigration(className, `${stamp}-${name}`);
  console.log(`wrote ${file} and listed ${className} in migrations/index.ts; read it before committing`);
  return 0;
}

/** Appends the migration to the ordered list in migrations/index.ts. */
function registerMigration(className: string, fileName: string): void {
  const index = join(process.cwd(), 'migrations', 'index.ts');
  const source = readFileSync(index, 'utf8');
  const withImport = source.replace(/((?:^import .*\n)+)/m, `$1import { ${className} } from './${fileName}';\n`);
  writeFileSync(index, withImport.replace(/\n\];\s*$/, `\n  ${className},\n];\n`).replace(/(\[[^\]\n]+)\];\s*$/, `$1, ${className}];\n`));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
