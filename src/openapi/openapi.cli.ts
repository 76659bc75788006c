/**
 * `npm run openapi`: writes docs/openapi.json from the application's own metadata, without a
 * database (Nest's preview mode wires the modules but creates no provider, so nothing
 * connects), and the TypeScript types that openapi-typescript generates from it into
 * test/support/api-types.ts, which the typed-client test compiles against.
 * The end-to-end suite fails when either differs from what the running app serves.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi-document';
import { OPENAPI_JSON_PATH, API_TYPES_PATH, generateApiTypes, serializeDocument } from './openapi-files';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  const config = loadConfig({ NODE_ENV: 'test', WORKERS: 'false', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://openapi@127.0.0.1:1/unused'), {
    preview: true,
    logger: false,
  });
  const document = buildOpenApiDocument(app);
  await app.close();
  writeFileSync(join(root, OPENAPI_JSON_PATH), serializeDocument(document));
  writeFileSync(join(root, API_TYPES_PATH), await generateApiTypes(document));
  console.log(`wrote ${OPENAPI_JSON_PATH} (${Object.keys(document.paths).length} paths) and ${API_TYPES_PATH}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
