import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import { type Actor, unitsWithRole } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import { UsersService } from '../../identity/users.service';
import { ORDER_STATUSES } from '../../orders/domain/order-lifecycle';
import { OrderQueries } from '../../orders/order-queries.service';
import { OrderQueryDto } from '../../orders/orders.dto';
import { parseForm } from '../http/form-errors';
import { PageRequest, pageLanguage } from '../http/page-request';
import { Formats, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { statusTag } from './status-tag';
import { pageQuery } from '../http/page-query';

/** The filters the queue keeps in its links, named as the API's `GET /api/v1/orders` names them. */
const FILTERS = ['supportUnitId', 'status', 'assigneeId', 'overdue', 'waitingOnRequester', 'q'] as const;
const PAGE_SIZE = 25;

/**
 * The support unit's queue: the API's order list (the same query service and filters) for one
 * of the units the deliverer works for, paged with its cursor.
 */
@ApiExcludeController()
@RequireRole('deliverer')
@Controller('queue')
export class QueueController {
  constructor(
    private readonly orders: OrderQueries,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response) {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const myUnits = unitsWithRole(actor, 'deliverer');
    const query = await parseForm(OrderQueryDto, pageQuery(req, [...FILTERS, 'cursor']), { optional: [...FILTERS, 'cursor'] });
    const supportUnitId = query.supportUnitId && myUnits.includes(query.supportUnitId) ? query.supportUnitId : myUnits[0];
    const allUnits = await this.units.list();
    const unitName = new Map(allUnits.map((u) => [u.id, u.name]));
    const page = await this.orders.list(actor, { ...query, supportUnitId, limit: PAGE_SIZE });
    const deliverers = await this.users.activeDeliverers(supportUnitId);

    const filters: Record<string, string> = {
      supportUnitId: myUnits.length > 1 ? supportUnitId : '',
      status: query.status ?? '',
      assigneeId: query.assigneeId ?? '',
      overdue: query.overdue ? 'true' : '',
      waitingOnRequester: query.waitingOnRequester ? 'true' : '',
      q: query.q ?? '',
    };
    const link = (cursor?: string) => {
      const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      if (cursor) params.set('cursor', cursor);
      const search = params.toString();
      return search ? `/queue?${search}` : '/queue';
    };
    const option = (value: string, text: string, current: string) => ({ value, text, selected: value === current });

    this.pages.render(req, res, 'deliverer/queue.njk', {
      pageTitle: t('queue.title'),
      lead: t('queue.lead', { unit: unitName.get(supportUnitId) ?? '' }),
      filters,
      unitOptions:
        myUnits.length > 1
          ? myUnits.map((id) => option(id, unitName.get(id) ?? id, supportUnitId)).sort((a, b) => a.text.localeCompare(b.text))
          : null,
      statusOptions: [
        option('', t('queue.status.any'), filters.status),
        ...ORDER_STATUSES.filter((s) => s !== 'draft').map((s) => option(s, t(`status.${s}`), filters.status)),
      ],
      assigneeOptions: [
        option('', t('queue.assignee.any'), filters.assigneeId),
        option('me', t('queue.assignee.me'), filters.assigneeId),
        option('none', t('queue.assignee.none'), filters.assigneeId),
        ...deliverers.filter((d) => d.id !== actor.userId).map((d) => option(d.id, d.name, filters.assigneeId)),
      ],
      filtered: Object.entries(filters).some(([k, v]) => k !== 'supportUnitId' && v),
      rows: page.items.map((o) => ({
        href: `/orders/${o.id}`,
        reference: o.reference,
        title: o.title,
        requester: unitName.get(o.requesterUnitId) ?? '',
        status: statusTag(t, o.status),
        due: o.dueDate ? fmt.day(o.dueDate) : t('queue.noDue'),
        overdue: o.overdue,
      })),
      nextHref: page.nextCursor ? link(page.nextCursor) : null,
      firstHref: query.cursor ? link() : null,
      clearHref: myUnits.length > 1 ? `/queue?supportUnitId=${supportUnitId}` : '/queue',
    });
  }
}
