import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../src/common/free-port';

const ROOT = join(__dirname, '..', '..', '..');

export const ADMIN = { email: 'faults-admin@test.example', password: 'Fault-admin-8f3k-Qz71-correct-horse' };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When the process ended (Date.now()). */
  at: number;
}

/**
 * The built app (`node dist/src/main.js`, what `npm start` runs) as a child process on its
 * own port over the scenario's database, with the bootstrap admin set.
 */
export class AppProcess {
  readonly url: string;
  readonly exited: Promise<Exit>;
  private output = '';

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  }

  static async start(name: string, databaseUrl: string, env: Record<string, string> = {}, port?: number): Promise<AppProcess> {
    const dataDir = join(ROOT, '.data', 'faults-app');
    mkdirSync(dataDir, { recursive: true });
    const chosen = port ?? (await freePort());
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      // Only what the app needs: not Jest's NODE_OPTIONS nor the test run's own variables.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'development',
        PORT: String(chosen),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        SEED_DEMO: 'never',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(name, chosen, child);
    await app.waitReady();
    return app;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process printed: shown when a scenario fails. */
  log(): string {
    return this.output;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async waitReady(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (!this.running) throw new Error(`${this.name} exited while starting:\n${this.output.slice(-3000)}`);
      const status = await fetch(`${this.url}/health/ready`)
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) return Date.now() - started;
      await sleep(100);
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
  }

  /** Ends it for good (cleanup): SIGKILL unless it has already exited. */
  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
    // Kept for reading after a failure.
    writeFileSync(join(ROOT, '.data', 'faults-app', `${this.name.replace(/\W+/g, '-')}-${this.pid}.log`), this.output);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
