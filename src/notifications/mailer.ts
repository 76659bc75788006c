import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { mailHeaders } from './domain/mail-headers';

/** SMTP through nodemailer, configured by SMTP_URL; absent when mails are kept in the database. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport: Transporter | null = null;
  private pool: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.notifications.smtpUrl !== null;
  }

  /**
   * Sends one mail. The Message-ID is the mail's id, so a resend after a crash is recognisably
   * the same mail. A mail about an order (`orderId`) names the order's thread root in
   * `In-Reply-To` and `References`, so mail clients group an order's mails, and, to a user
   * (`userId`) while REPLY_ADDRESS is set, carries a `Reply-To` whose token names the order and
   * that recipient (see `mailHeaders`).
   */
  async send(
    mail: { id: string; to: string; subject: string; text: string; html: string; orderId?: string | null; userId?: string | null },
    bulk = false,
  ): Promise<void> {
    const smtpUrl = this.config.notifications.smtpUrl;
    if (!smtpUrl) throw new Error('SMTP_URL is not set');
    const { replyAddress, replySecret } = this.config.inboundMail;
    const headers = mailHeaders({
      mailId: mail.id,
      host: new URL(this.config.notifications.publicUrl).hostname || 'support-orders',
      orderId: mail.orderId ?? null,
      userId: mail.userId ?? null,
      reply: replyAddress && replySecret ? { address: replyAddress, secret: replySecret.reveal() } : null,
    });
    await (bulk ? this.pooled(smtpUrl.reveal()) : this.connection(smtpUrl.reveal())).sendMail({
      from: this.config.notifications.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...headers,
    });
  }

  /** Connects, greets and signs in, then quits: the breaker's probe, which sends nothing. */
  async verify(): Promise<void> {
    const smtpUrl = this.config.notifications.smtpUrl;
    if (!smtpUrl) throw new Error('SMTP_URL is not set');
    await this.connection(smtpUrl.reveal()).verify();
  }

  /**
   * One connection per mail. The timeouts are short next to nodemailer's defaults (2 min to
   * connect, 10 min of silence), so an unresponsive server counts as a failure while the mail's
   * lease (JOB_EXPIRE_SECONDS) still holds.
   */
  private connection(url: string): Transporter {
    this.transport ??= createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
    return this.transport;
  }

  /**
   * For a batch, once a mail of it went through: up to five connections, each reused for up
   * to 100 mails, so a backlog goes out without a handshake per mail (about 2.5 times as fast).
   * Not for a first try nor a probe: a pool tries again to connect on its own, which the
   * breaker is there to prevent. `dropPool` ends it when the server goes away.
   */
  private pooled(url: string): Transporter {
    this.pool ??= createTransport({
      url,
      pool: true,
      maxConnections: 5,
      maxMessages: 100,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    return this.pool;
  }

  /** Closes the pooled connections (the server went away); the next batch opens new ones. */
  dropPool(): void {
    this.pool?.close();
    this.pool = null;
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = null;
    this.dropPool();
  }
}
