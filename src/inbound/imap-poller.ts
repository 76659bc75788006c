import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PeriodicSweep, startPeriodicSweep } from '../database/periodic-sweep';
import { InboundMailService } from './inbound-mail.service';

/** Advisory lock key of the poll (second key under the sweeps' class): one worker reads the mailbox at a time. */
const IMAP_POLL_LOCK = 22;

/** Where INBOUND_IMAP_URL points: imap(s)://user:password@host:port/mailbox (INBOX when no path). */
export function imapTarget(url: string): { host: string; port: number; secure: boolean; user: string; pass: string; mailbox: string } {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/**
 * The workers read the mailbox every INBOUND_POLL_SECONDS: each unseen mail goes through
 * `InboundMailService.receive`, then is flagged \Seen. A crash between the two leaves it unseen
 * and it is read again, which the Message-ID makes harmless; a mail whose handling failed
 * (the database away) stays unseen for the next round. Where the server offers IDLE, each
 * worker also keeps a connection idling on the mailbox and starts a round as soon as mail
 * arrives (the round's advisory lock still lets one worker read at a time).
 */
@Injectable()
export class ImapPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ImapPoller');
  private sweep: PeriodicSweep | null = null;
  private watcher: ImapFlow | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbound: InboundMailService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.notifications.workers || !this.config.inboundMail.imapUrl || !this.inbound.configured) return;
    this.sweep = startPeriodicSweep(this.db, 'ImapPoller', IMAP_POLL_LOCK, this.config.inboundMail.pollSeconds * 1000, async () => {
      await this.pollOnce();
    });
    void this.watch();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.logout().catch(() => watcher.close());
    await this.sweep?.stop();
  }

  /** Idles on the mailbox where the server offers IDLE; new mail starts a round at once. Reconnects after a drop. */
  private async watch(): Promise<void> {
    const url = this.config.inboundMail.imapUrl;
    if (!url || this.stopped) return;
    const target = imapTarget(url.reveal());
    const client = this.client(target, true);
    const retry = () => {
      if (this.watcher === client) this.watcher = null;
      if (!this.stopped) setTimeout(() => void this.watch(), this.config.inboundMail.pollSeconds * 1000).unref();
    };
    try {
      await client.connect();
      if (!client.capabilities.has('IDLE')) {
        await client.logout();
        return;
      }
      await client.mailboxOpen(target.mailbox, { readOnly: true });
      this.watcher = client;
      client.on('exists', () => void this.sweep?.runOnce());
      client.on('close', retry);
      // Mail that came while this connection was being opened.
      void this.sweep?.runOnce();
    } catch (error) {
      this.logger.warn(
        `IDLE on the mailbox failed, polling only until it works: ${error instanceof Error ? error.message : String(error)}`,
      );
      client.close();
      retry();
    }
  }

  /** A connection for one round, or (`idling`) the long-lived one that enters IDLE at once and renews it every 4 minutes. */
  private client(target: ReturnType<typeof imapTarget>, idling = false): ImapFlow {
    return new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: { user: target.user, pass: target.pass },
      logger: false,
      ...(idling ? { maxIdleTime: 240_000, autoIdleDelay: 500 } : { socketTimeout: 60_000 }),
    });
  }

  /** One round: every unseen mail of the mailbox, oldest first. Returns how many were handled. */
  async pollOnce(): Promise<number> {
    const url = this.config.inboundMail.imapUrl;
    if (!url) return 0;
    const target = imapTarget(url.reveal());
    const client = this.client(target);
    await client.connect();
    let handled = 0;
    try {
      const lock = await client.getMailboxLock(target.mailbox);
      try {
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids.sort((a, b) => a - b)) {
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (!message || !message.source) continue;
          try {
            const result = await this.inbound.receive(message.source, 'imap');
            this.logger.log(`IMAP mail ${uid}: ${result.outcome}`);
          } catch (error) {
            this.logger.warn(`IMAP mail ${uid} left for the next round: ${error instanceof Error ? error.message : String(error)}`);
            continue;
          }
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          handled++;
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return handled;
  }
}
