import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** SMTP through nodemailer, configured by SMTP_URL; absent when mails are kept in the database. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.notifications.smtpUrl !== null;
  }

  /** Sends one mail. The Message-ID is the mail's id, so a resend after a crash is recognisably the same mail. */
  async send(mail: { id: string; to: string; subject: string; text: string; html: string }): Promise<void> {
    const smtpUrl = this.config.notifications.smtpUrl;
    if (!smtpUrl) throw new Error('SMTP_URL is not set');
    this.transport ??= createTransport(smtpUrl.reveal());
    const host = new URL(this.config.notifications.publicUrl).hostname || 'support-orders';
    await this.transport.sendMail({
      from: this.config.notifications.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${mail.id}@${host}>`,
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = null;
  }
}
