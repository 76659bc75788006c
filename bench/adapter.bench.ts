import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { CanActivate, Controller, Get, Injectable, Module, Param, ParseUUIDPipe } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { freePort } from '../src/common/free-port';

/**
 * What the HTTP adapter costs, without the database: one route answering a 6 kB order-sized
 * JSON body behind a global guard and a UUID pipe, on Nest with Express, on Nest with Fastify,
 * and on bare `node:http`, each in its own process, measured with autocannon.
 *
 *   npm run bench:adapter -- [--duration 10]    (ADAPTERS=express,fastify,raw to choose and order them)
 */
const BODY = {
  id: '5b1d2c1e-8f1a-4c55-9d43-3f1b7a0c9e11',
  reference: 'COM-2026-0042',
  status: 'in_progress',
  answers: { audience: 'Parents of new pupils', channel: 'print', copies: 400 },
  messages: Array.from({ length: 12 }, (_, i) => ({
    id: `5b1d2c1e-8f1a-4c55-9d43-3f1b7a0c9e${String(10 + i)}`,
    kind: 'question',
    body: 'Which size do you need, and by when? The printer needs a week.',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  })),
  specVersions: Array.from({ length: 3 }, (_, i) => ({ number: i + 1, title: 'Open day flyer', purpose: 'Parents come to the open day.' })),
};

@Injectable()
class HeaderGuard implements CanActivate {
  canActivate(context: import('@nestjs/common').ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    return typeof req.headers.authorization === 'string';
  }
}

@Controller('api/v1/orders')
class OrdersController {
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return { ...BODY, id };
  }
}

@Module({ controllers: [OrdersController], providers: [{ provide: APP_GUARD, useClass: HeaderGuard }] })
class AdapterBenchModule {}

async function serve(kind: string, port: number): Promise<void> {
  if (kind === 'raw') {
    const uuid = /^\/api\/v1\/orders\/([0-9a-f-]{36})$/;
    createHttpServer((req, res) => {
      const match = uuid.exec(req.url ?? '');
      const body = JSON.stringify(match && req.headers.authorization ? { ...BODY, id: match[1] } : { title: 'Not found' });
      res.writeHead(match ? 200 : 404, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    }).listen(port, '127.0.0.1');
    return;
  }
  const app =
    kind === 'fastify'
      ? await NestFactory.create(AdapterBenchModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(AdapterBenchModule, { logger: false });
  await app.listen(port, '127.0.0.1');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'serve') return serve(argv[1], Number(argv[2]));
  const i = argv.indexOf('--duration');
  const duration = i >= 0 ? Number(argv[i + 1]) : 10;
  console.log(`adapter overhead, ${duration} s per run after a 2 s warm-up, load average ${loadavg()[0].toFixed(1)}`);
  console.log(
    `${'server'.padEnd(16)} ${'conn'.padStart(4)} ${'req/s'.padStart(8)} ${'p50'.padStart(6)} ${'p99'.padStart(6)}  µs per request (1 / throughput)`,
  );
  const results: Array<{ kind: string; connections: number; reqPerSec: number }> = [];
  for (const kind of (process.env.ADAPTERS ?? 'express,fastify,raw').split(',')) {
    const port = await freePort();
    const child = spawn(process.execPath, [__filename, 'serve', kind, String(port)], { stdio: 'inherit' });
    await new Promise((r) => setTimeout(r, 1500));
    try {
      for (const connections of [8, 32]) {
        const opts = {
          url: `http://127.0.0.1:${port}/api/v1/orders/5b1d2c1e-8f1a-4c55-9d43-3f1b7a0c9e11`,
          headers: { authorization: 'Bearer x' },
          connections,
        };
        await autocannon({ ...opts, duration: 2 });
        const r = await autocannon({ ...opts, duration });
        if (r.non2xx || r.errors) throw new Error(`${kind}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        results.push({ kind, connections, reqPerSec: r.requests.average });
        console.log(
          `${kind.padEnd(16)} ${String(connections).padStart(4)} ${r.requests.average.toFixed(0).padStart(8)} ${r.latency.p50.toFixed(1).padStart(6)} ${r.latency.p99.toFixed(1).padStart(6)}  ${(1e6 / r.requests.average).toFixed(0)}`,
        );
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
