import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Agent, fetch } from 'undici';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Outbox } from '../events/outbox';
import { DeliveryBreakers } from './delivery-breakers';
import { webhookFailureIsTransport, webhookTarget } from './domain/delivery-breaker';
import { webhookUrlProblem } from './domain/webhook-address';
import { publicOnlyAgent } from './public-address-lookup';
import { signatureHeader } from './domain/webhook-signature';

/** Thrown to have pg-boss try the delivery again later (with backoff). */
export class WebhookRetry extends Error {}

/**
 * The job is to be queued again for `deferUntil`: the host's breaker was open and no attempt
 * was made, or the host could not be reached (`attempted`: that attempt is logged and counts).
 */
export interface WebhookDeferred {
  deferUntil: Date;
  attempted: boolean;
}

/**
 * One attempt to deliver one event to one webhook: a signed JSON POST, logged with its
 * response code. Failures in a row are counted; at WEBHOOK_MAX_FAILURES the webhook is
 * disabled and an audit event says so. Each host has a breaker (see `DeliveryBreakers`):
 * while it is open nothing is sent to that host but one probe (a real delivery) at a time,
 * and the other deliveries are put off, their attempts untouched.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly logger = new Logger(WebhookSender.name);
  /** Outside tests, every connection is checked against the address it actually reaches. */
  private readonly agent: Agent | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
    private readonly breakers: DeliveryBreakers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.agent = config.env === 'test' ? undefined : publicOnlyAgent();
  }

  async deliver(webhookId: string, eventId: string, attempt: number, lastAttempt: boolean): Promise<WebhookDeferred | void> {
    const [hook] = (await this.db.query('SELECT id, url, secret, active FROM webhooks WHERE id = $1', [webhookId])) as {
      id: string;
      url: string;
      secret: string;
      active: boolean;
    }[];
    const event = await this.outbox.find(eventId);
    if (!hook?.active || !event) return;
    // A job queued again after a deferral may meet a delivery that went through already.
    const done: unknown[] = await this.db.query(
      `SELECT 1 FROM webhook_deliveries WHERE webhook_id = $1 AND event_id = $2 AND status = 'delivered' LIMIT 1`,
      [hook.id, event.id],
    );
    if (done.length) return;
    const problem = webhookUrlProblem(hook.url, this.config.env);
    const target = webhookTarget(hook.url);
    if (!problem) {
      const admitted = await this.breakers.admit('webhook', target);
      if (admitted === 'wait')
        return { deferUntil: (await this.breakers.read('webhook', target)).nextProbeAt ?? new Date(), attempted: false };
    }
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.payload });
    let responseCode: number | null = null;
    let error: string | null = null;
    try {
      if (problem) throw new Error(`url ${problem}`);
      const response = await fetch(hook.url, {
        dispatcher: this.agent,
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'support-orders-webhooks/1',
          'X-Event-Id': event.id,
          'X-Event-Type': event.type,
          'X-Signature': signatureHeader(hook.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      responseCode = response.status;
      await response.body?.cancel();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ok = responseCode !== null && responseCode >= 200 && responseCode < 300;
    if (!problem) {
      if (webhookFailureIsTransport(responseCode)) await this.breakers.failed('webhook', target, error ?? 'no answer');
      else await this.breakers.succeeded('webhook', target);
    }
    const disabled = await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event, status, response_code, attempt, error) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [hook.id, event.id, event.type, ok ? 'delivered' : 'failed', responseCode, attempt, error],
      );
      if (ok) {
        await m.query('UPDATE webhooks SET consecutive_failures = 0 WHERE id = $1', [hook.id]);
        return false;
      }
      const [[row]] = await m.query(
        `UPDATE webhooks SET consecutive_failures = consecutive_failures + 1,
                active = active AND consecutive_failures + 1 < $2, updated_at = now()
          WHERE id = $1 RETURNING active, consecutive_failures`,
        [hook.id, this.config.notifications.webhookMaxFailures],
      );
      if (row && !row.active && row.consecutive_failures === this.config.notifications.webhookMaxFailures) {
        await this.audit.record(m, {
          actorId: null,
          action: 'webhook.disabled',
          entity: 'webhook',
          entityId: hook.id,
          after: { consecutiveFailures: row.consecutive_failures, lastResponseCode: responseCode },
        });
        this.logger.warn(`webhook ${hook.id} disabled after ${row.consecutive_failures} failed deliveries in a row`);
        return true;
      }
      return row ? !row.active : true;
    });
    if (ok || disabled || lastAttempt) return;
    if (!problem && webhookFailureIsTransport(responseCode)) {
      // Unreachable: the host's breaker speaks for it (one line when it opens), not a failed job per delivery.
      const b = await this.breakers.read('webhook', target);
      const backoff = new Date(Date.now() + this.config.notifications.webhookRetryDelaySeconds * 1000 * 2 ** Math.min(10, attempt - 1));
      return { deferUntil: b.state === 'open' && b.nextProbeAt ? b.nextProbeAt : backoff, attempted: true };
    }
    throw new WebhookRetry(`webhook ${hook.id}: ${responseCode ?? error}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent?.close();
  }
}
