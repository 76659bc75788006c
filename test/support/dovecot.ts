import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/common/free-port';

/** Where Dovecot is: PATH, or Debian's /usr/sbin; null when it is not installed. */
export function dovecotBinary(): string | null {
  for (const candidate of ['dovecot', '/usr/sbin/dovecot']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next
    }
  }
  return null;
}

/** How the IMAP tests opt out on a machine without Dovecot (IMAP_TESTS=off); with Dovecot installed they always run. */
export const imapTestsOptedOut = (): boolean => process.env.IMAP_TESTS === 'off' && dovecotBinary() === null;

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  /** INBOUND_IMAP_URL for the one mailbox. */
  url: string;
  close(): Promise<void>;
}

const idOf = (flag: '-u' | '-g', name: string): number => Number(execFileSync('id', [flag, name]).toString().trim());

/**
 * A real IMAP server of the test's own: Dovecot started unprivileged on a free port of
 * 127.0.0.1, with a config written to a temporary folder, plaintext sign-in, one user from a
 * passwd file and a maildir. Run as root, Dovecot will not hand mail to uid 0: the mail then
 * belongs to Debian's `dovecot` user.
 */
export async function startDovecot(): Promise<Dovecot> {
  const binary = dovecotBinary();
  if (!binary) {
    throw new Error('Dovecot is not installed: apt-get install -y dovecot-imapd (or set IMAP_TESTS=off to leave these tests out)');
  }
  const dir = await mkdtemp(join(tmpdir(), 'dovecot-'));
  await chmod(dir, 0o755);
  const root = process.getuid?.() === 0;
  const uid = root ? idOf('-u', 'dovecot') : process.getuid!();
  const gid = root ? idOf('-g', 'dovecot') : process.getgid!();
  const self = userInfo().username;
  await mkdir(join(dir, 'mail'));
  if (root) await chown(join(dir, 'mail'), uid, gid);
  const port = await freePort();
  const user = 'inbox';
  const password = 'inbox-password';
  await writeFile(join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  await writeFile(
    join(dir, 'dovecot.conf'),
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${dir}/mail/%u`,
      // Unprivileged, every process runs as the one user there is.
      `default_login_user = ${root ? 'dovenull' : self}`,
      `default_internal_user = ${root ? 'dovecot' : self}`,
      `first_valid_uid = ${Math.min(uid, 100)}`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/users`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${uid} gid=${gid} home=${dir}/mail/%u`,
      '}',
      'service imap-login {',
      '  chroot =',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
    ].join('\n') + '\n',
  );
  const child: ChildProcess = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForGreeting(port, child, () => output);
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForGreeting(port: number, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.once('data', (d) => {
          socket.destroy();
          resolve(d.toString().startsWith('* OK'));
        });
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`dovecot did not greet on port ${port}: ${log()}`);
}
