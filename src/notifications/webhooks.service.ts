import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, invalid } from '../common/domain-error';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, Page, pageOf } from '../common/page';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import { webhookUrlProblem } from './domain/webhook-address';
import { CreateWebhookDto, UpdateWebhookDto } from './notifications.dto';

const COLUMNS = `id, url, events, unit_id AS "unitId", active, consecutive_failures AS "consecutiveFailures", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  unitId: string | null;
  active: boolean;
  consecutiveFailures: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreatedWebhookView extends WebhookView {
  secret: string;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  event: string;
  status: 'delivered' | 'failed';
  responseCode: number | null;
  attempt: number;
  error: string | null;
  at: Date;
}

/** Admins' webhooks. The signing secret is returned once, by create. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly identity: IdentityFacade,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<Page<WebhookView>> {
    return { items: await this.db.query(`SELECT ${COLUMNS} FROM webhooks ORDER BY created_at, id`), nextCursor: null };
  }

  async create(actor: Actor, dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    this.checkUrl(dto.url);
    await this.checkUnit(dto.unitId);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (m) => {
      const [hook]: WebhookView[] = await m.query(
        `INSERT INTO webhooks (url, events, unit_id, active, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [dto.url, [...new Set(dto.events)], dto.unitId ?? null, dto.active ?? true, secret],
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'webhook.created',
        entity: 'webhook',
        entityId: hook.id,
        after: { ...hook },
      });
      return { ...hook, secret };
    });
  }

  async update(actor: Actor, id: string, dto: UpdateWebhookDto): Promise<WebhookView> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    await this.checkUnit(dto.unitId);
    return this.db.transaction(async (m) => {
      const [before]: Array<WebhookView & Record<string, unknown>> = await m.query(
        `SELECT ${COLUMNS} FROM webhooks WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before) throw DomainError.notFound('Webhook');
      const [[after]]: [Array<WebhookView & Record<string, unknown>>, number] = await m.query(
        `UPDATE webhooks SET url = $2, events = $3, unit_id = $4, active = $5,
                consecutive_failures = CASE WHEN $5 AND NOT active THEN 0 ELSE consecutive_failures END,
                version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          dto.url ?? before.url,
          dto.events ? [...new Set(dto.events)] : before.events,
          dto.unitId !== undefined ? dto.unitId : before.unitId,
          dto.active ?? before.active,
        ],
      );
      await this.audit.record(m, { actorId: actor.userId, action: 'webhook.updated', entity: 'webhook', entityId: id, before, after });
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const [rows] = await m.query(`DELETE FROM webhooks WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      if (!rows.length) throw DomainError.notFound('Webhook');
      await this.audit.record(m, { actorId: actor.userId, action: 'webhook.deleted', entity: 'webhook', entityId: id, before: rows[0] });
    });
  }

  async deliveries(id: string, q: { limit?: number; cursor?: string }): Promise<Page<WebhookDeliveryView>> {
    const exists: unknown[] = await this.db.query('SELECT 1 FROM webhooks WHERE id = $1', [id]);
    if (!exists.length) throw DomainError.notFound('Webhook');
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [id, limit + 1];
    let where = 'webhook_id = $1';
    if (q.cursor) {
      params.push(...decodeTimeCursor(q.cursor));
      where += ' AND (at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows: (WebhookDeliveryView & { position: string })[] = await this.db.query(
      `SELECT id, event_id AS "eventId", event, status, response_code AS "responseCode", attempt, error, at, at::text AS position
         FROM webhook_deliveries WHERE ${where} ORDER BY at DESC, id DESC LIMIT $2`,
      params,
    );
    const page = pageOf(rows, limit, (last) => [last.position, last.id]);
    return { items: page.items.map(({ position: _, ...d }) => d), nextCursor: page.nextCursor };
  }

  /** An unknown unit is bad input (400 naming the field), not a conflict from the foreign key. */
  private async checkUnit(unitId: string | null | undefined): Promise<void> {
    if (unitId && !(await this.identity.unit(unitId))) throw invalid('/unitId', 'unknownReference', 'no such unit');
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.env);
    if (problem) throw invalid('/url', 'url', problem);
  }
}
