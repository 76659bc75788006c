import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BreakerView, DeliveryBreakers } from './delivery-breakers';
import { CLOSED, MAIL_TARGET } from './domain/delivery-breaker';
import { MailQueue } from './mail-queue';
import { Mailer } from './mailer';

export interface DeliveryStatusView {
  /** The mail transport's (when SMTP is set) and every webhook host's that has counted a failure, closed ones too. */
  breakers: BreakerView[];
  mailsWaiting: { count: number; oldestSeconds: number };
}

/** How mail and webhooks are getting out, for /metrics and the admin mail list: read from the database, so any instance answers the same. */
@Injectable()
export class DeliveryStatus {
  constructor(
    private readonly breakers: DeliveryBreakers,
    private readonly mails: MailQueue,
    private readonly mailer: Mailer,
  ) {}

  async read(m?: EntityManager): Promise<DeliveryStatusView> {
    const breakers = await this.breakers.list(m);
    if (this.mailer.configured && !breakers.some((b) => b.channel === 'mail')) {
      breakers.unshift({ channel: 'mail', target: MAIL_TARGET, ...CLOSED });
    }
    return { breakers, mailsWaiting: await this.mails.waiting(m) };
  }
}
