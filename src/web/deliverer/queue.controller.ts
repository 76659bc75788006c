import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CatalogService } from '../../catalog/catalog.service';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import { type Actor, unitsWithRole } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import { UsersService } from '../../identity/users.service';
import { ORDER_STATUSES, OrderStatus } from '../../orders/domain/order-lifecycle';
import { OrderSort, SortOrder, sortPlan } from '../../orders/domain/order-sort';
import { OrderQueries } from '../../orders/order-queries.service';
import { OrderQueryDto } from '../../orders/orders.dto';
import { parseForm } from '../http/form-errors';
import { PageRequest, pageLanguage } from '../http/page-request';
import { pageQuery, pageQueryList } from '../http/page-query';
import { Formats, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { statusTag } from './status-tag';

/** The filters the queue keeps in its links, named as the API's `GET /api/v1/orders` names them. */
const FILTERS = ['supportUnitId', 'assigneeId', 'overdue', 'waitingOnRequester', 'q', 'sort', 'order'] as const;
const PAGE_SIZE = 25;

/** What the queue shows when no status is chosen: the orders still to be worked on. */
export const OPEN_IN_QUEUE: readonly OrderStatus[] = ['submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold', 'delivered'];
/** `status=any`: every status (the drafts stay the requesters' own). */
const ANY = 'any';

/** The columns a deliverer can sort by, and the sort key of the list each one uses. */
const SORTABLE: Record<string, OrderSort> = { age: 'created', updated: 'updated', due: 'due' };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The support unit's queue: the API's order list (the same query service and filters) for one
 * of the units the deliverer works for, paged with its cursor. Open orders by default; several
 * statuses at once; sorted by age, last change or due date.
 */
@ApiExcludeController()
@RequireRole('deliverer')
@Controller('queue')
export class QueueController {
  constructor(
    private readonly orders: OrderQueries,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly catalog: CatalogService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response) {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const myUnits = unitsWithRole(actor, 'deliverer');
    const chosen = pageQueryList(req, 'status');
    const anyStatus = chosen?.includes(ANY) ?? false;
    const statuses = anyStatus ? [] : chosen?.length ? chosen : [...OPEN_IN_QUEUE];
    const query = await parseForm(
      OrderQueryDto,
      { ...pageQuery(req, [...FILTERS, 'cursor']), ...(statuses.length ? { status: statuses.join(',') } : {}) },
      { optional: [...FILTERS, 'status', 'cursor'] },
    );
    const supportUnitId = query.supportUnitId && myUnits.includes(query.supportUnitId) ? query.supportUnitId : myUnits[0];
    const [unitName, page, deliverers] = await Promise.all([
      this.units.names(),
      this.orders.list(actor, { ...query, supportUnitId, limit: PAGE_SIZE }),
      this.users.activeDeliverers(supportUnitId),
    ]);
    const [serviceName, people] = await Promise.all([
      this.catalog.namesOf(page.items.map((o) => o.serviceId)),
      this.users.namesOf(page.items.map((o) => o.assigneeId)),
    ]);

    const sort = query.sort ?? 'created';
    const order: SortOrder = query.order ?? (sortPlan(sort).direction === 'ASC' ? 'asc' : 'desc');
    const filters: Record<string, string> = {
      supportUnitId: myUnits.length > 1 ? supportUnitId : '',
      status: anyStatus ? ANY : chosen?.length ? statuses.join(',') : '',
      assigneeId: query.assigneeId ?? '',
      overdue: query.overdue ? 'true' : '',
      waitingOnRequester: query.waitingOnRequester ? 'true' : '',
      q: query.q ?? '',
      sort: query.sort ?? '',
      order: query.order ?? '',
    };
    const link = (changes: Record<string, string> = {}) => {
      const params = new URLSearchParams(Object.entries({ ...filters, ...changes }).filter(([, v]) => v));
      const search = params.toString();
      return search ? `/queue?${search}` : '/queue';
    };
    const option = (value: string, text: string, current: string) => ({ value, text, selected: value === current });
    const now = Date.now();
    // A header sorts by its column; a second click turns the order round.
    const sortHeader = (column: keyof typeof SORTABLE) => {
      const key = SORTABLE[column];
      const current = sort === key;
      const next: SortOrder = current ? (order === 'asc' ? 'desc' : 'asc') : key === 'due' ? 'asc' : 'desc';
      // Age runs the other way round from creation time: the oldest first is `created asc`.
      const ariaSort = !current ? 'none' : (column === 'age' ? order === 'desc' : order === 'asc') ? 'ascending' : 'descending';
      return { href: link({ sort: key, order: next, cursor: '' }), ariaSort };
    };

    this.pages.render(req, res, 'deliverer/queue.njk', {
      pageTitle: t('queue.title'),
      lead: t('queue.lead', { unit: unitName.get(supportUnitId) ?? '' }),
      filters,
      unitOptions:
        myUnits.length > 1
          ? myUnits.map((id) => option(id, unitName.get(id) ?? id, supportUnitId)).sort((a, b) => a.text.localeCompare(b.text))
          : null,
      statusItems: [
        ...ORDER_STATUSES.filter((s) => s !== 'draft').map((s) => ({
          value: s,
          text: t(`status.${s}`),
          checked: !anyStatus && statuses.includes(s),
        })),
        { divider: t('queue.status.or') },
        { value: ANY, text: t('queue.status.any'), checked: anyStatus, behaviour: 'exclusive' },
      ],
      statusSummary: anyStatus
        ? t('queue.status.any')
        : statuses.length === OPEN_IN_QUEUE.length && OPEN_IN_QUEUE.every((s) => statuses.includes(s))
          ? t('queue.status.open')
          : statuses.map((s) => t(`status.${s}` as never)).join(', '),
      assigneeOptions: [
        option('', t('queue.assignee.any'), filters.assigneeId),
        option('me', t('queue.assignee.me'), filters.assigneeId),
        option('none', t('queue.assignee.none'), filters.assigneeId),
        ...deliverers.filter((d) => d.id !== actor.userId).map((d) => option(d.id, d.name, filters.assigneeId)),
      ],
      mineHref: link({ assigneeId: 'me', cursor: '' }),
      showingMine: filters.assigneeId === 'me',
      filtered: Object.entries(filters).some(([k, v]) => !['supportUnitId', 'sort', 'order'].includes(k) && v),
      sortHeaders: { age: sortHeader('age'), updated: sortHeader('updated'), due: sortHeader('due') },
      rows: page.items.map((o) => {
        const since = o.submittedAt ?? o.createdAt;
        return {
          href: `/orders/${o.id}`,
          reference: o.reference,
          title: o.title,
          service: serviceName.get(o.serviceId) ?? '',
          requester: unitName.get(o.requesterUnitId) ?? '',
          assignee: o.assigneeId ? (o.assigneeId === actor.userId ? t('queue.assignee.me') : (people.get(o.assigneeId) ?? '')) : '',
          age: t('queue.ageDays', { days: Math.max(0, Math.floor((now - new Date(since).getTime()) / DAY_MS)) }),
          updated: fmt.day(o.updatedAt),
          status: statusTag(t, o.status),
          due: o.dueDate ? fmt.day(o.dueDate) : t('queue.noDue'),
          overdue: o.overdue,
        };
      }),
      nextHref: page.nextCursor ? link({ cursor: page.nextCursor }) : null,
      firstHref: query.cursor ? link() : null,
      clearHref: myUnits.length > 1 ? `/queue?supportUnitId=${supportUnitId}` : '/queue',
    });
  }
}
