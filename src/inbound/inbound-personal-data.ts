import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry } from '../privacy/personal-data';

/**
 * Mail in: the sender's address and subject of each mail received (kept 90 days so a mail is
 * taken once), and the addresses that were answered today. Exported by the person's address;
 * gone with them on erasure (the message a mail became stays on its order).
 */
@Injectable()
export class InboundPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = { inbound_mails: ['sender', 'subject'], inbound_mail_answers: ['address'] };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    return {
      mailsReceivedFromYou: await m.query(
        `SELECT id, source, subject, outcome, reason, order_id AS "orderId", received_at AS "receivedAt"
           FROM inbound_mails WHERE lower(sender) = lower($1) ORDER BY received_at, id`,
        [s.email],
      ),
    };
  }

  async erase(m: EntityManager, s: DataSubject): Promise<void> {
    await m.query('DELETE FROM inbound_mails WHERE lower(sender) = lower($1)', [s.email]);
    await m.query('DELETE FROM inbound_mail_answers WHERE lower(address) = lower($1)', [s.email]);
  }
}
