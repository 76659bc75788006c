import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
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
import { DomainError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { BulkActions } from '../../orders/bulk-actions.service';
import { BulkDto } from '../../orders/orders.dto';
import { SavedViews } from '../../workspace/saved-views.service';
import { SaveViewDto } from '../../workspace/saved-views.dto';
import { FormErrors, NO_ERRORS, formErrors, parseForm } from '../http/form-errors';
import { field } from '../http/page-request';
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

/** Why an order of a bulk action was left as it was, by its problem type: translated, never the API's English. */
const BULK_PROBLEM_TEXT: Record<string, 'queue.bulk.stale' | 'queue.bulk.notAllowed' | 'queue.bulk.notFound' | 'queue.bulk.forbidden'> = {
  'stale-version': 'queue.bulk.stale',
  'action-not-allowed': 'queue.bulk.notAllowed',
  'not-found': 'queue.bulk.notFound',
  forbidden: 'queue.bulk.forbidden',
};

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
    private readonly views: SavedViews,
    private readonly bulkActions: BulkActions,
  ) {}

  @Get()
  show(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response) {
    const { done } = pageQuery(req, ['done']);
    const notice = done === 'saved' || done === 'removed' ? translator(pageLanguage(req))(`queue.views.${done}`) : null;
    return this.render(actor, req, res, { notice });
  }

  /** Saves the filters the page shows (sent back as its query) under a name, for oneself or the unit. */
  @Post('views')
  async saveView(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const query = field(body, 'query').replace(/^\?/, '');
    const filters = Object.fromEntries([...new URLSearchParams(query)].filter(([name]) => name !== 'cursor' && name !== 'done'));
    try {
      const dto = await parseForm(SaveViewDto, {
        name: field(body, 'name'),
        filters,
        ...(field(body, 'share') && field(body, 'unitId') ? { unitId: field(body, 'unitId') } : {}),
      });
      await this.views.save(actor, dto);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const t = translator(pageLanguage(req));
      const errors = formErrors(
        t,
        error.errors,
        () => t('queue.views.name'),
        () => 'view-name',
      );
      return this.render(actor, req, res, { errors, typedName: field(body, 'name') }, 400);
    }
    const params = new URLSearchParams(filters);
    params.set('done', 'saved');
    this.pages.redirect(res, `/queue?${params.toString()}`);
  }

  @Post('views/:id/delete')
  async removeView(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response) {
    await this.views.remove(actor, id);
    this.pages.redirect(res, '/queue?done=removed');
  }

  /** The ticked orders, one action: each order answers for itself, the page says how each went. */
  @Post('bulk')
  async bulk(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const t = translator(pageLanguage(req));
    const raw = body.order;
    const ticked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
    if (!ticked.length) {
      const errors: FormErrors = { list: [{ text: t('queue.bulk.none'), href: '#bulk-orders' }], byField: {} };
      return this.render(actor, req, res, { errors }, 400);
    }
    const action = field(body, 'action');
    const dto = await parseForm(BulkDto, {
      action,
      // Each box carries the order and the version the page showed: `<id>:<version>`.
      items: ticked.map((v) => ({ id: v.split(':')[0], version: Number(v.split(':')[1]) })),
      ...(action === 'assign' ? { assigneeId: actor.userId } : {}),
    });
    const { results } = await this.bulkActions.run(actor, dto);
    const done = results.filter((r) => r.status === 200).length;
    const failed = results.filter((r) => r.status !== 200);
    const references = new Map(results.filter((r) => r.order).map((r) => [r.id, r.order!.reference]));
    return this.render(actor, req, res, {
      notice: t('queue.bulk.done', { done, total: results.length }),
      bulkProblems: failed.map((r) => ({
        id: r.id,
        reference: references.get(r.id) ?? ticked.find((v) => v.startsWith(r.id))?.split(':')[2] ?? r.id,
        text: t(BULK_PROBLEM_TEXT[r.problem?.type.split('/').pop() ?? ''] ?? 'queue.bulk.failed'),
      })),
    });
  }

  private async render(
    actor: Actor,
    req: PageRequest,
    res: Response,
    options: {
      notice?: string | null;
      errors?: FormErrors;
      typedName?: string;
      bulkProblems?: Array<{ id: string; reference: string; text: string }>;
    },
    status = 200,
  ) {
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
    const [unitName, page, deliverers, saved] = await Promise.all([
      this.units.names(),
      this.orders.list(actor, { ...query, supportUnitId, limit: PAGE_SIZE }),
      this.users.activeDeliverers(supportUnitId),
      this.views.list(actor),
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

    const currentQuery = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
    this.pages.render(
      req,
      res,
      'deliverer/queue.njk',
      {
        pageTitle: t('queue.title'),
        notice: options.notice ?? null,
        errors: options.errors ?? NO_ERRORS,
        bulkProblems: options.bulkProblems ?? [],
        views: saved.items.map((v) => ({
          name: v.name,
          href: `/queue?${new URLSearchParams(v.filters).toString()}`,
          shared: v.unitId !== null ? (unitName.get(v.unitId) ?? '') : null,
          current: sameQuery(new URLSearchParams(v.filters).toString(), currentQuery),
          removable: v.ownerId === actor.userId,
          deleteAction: `/queue/views/${v.id}/delete`,
        })),
        saveView: {
          query: currentQuery,
          name: options.typedName ?? '',
          unitId: supportUnitId,
          unitName: unitName.get(supportUnitId) ?? '',
        },
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
            id: o.id,
            bulkValue: `${o.id}:${o.version}:${o.reference}`,
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
      },
      status,
    );
  }
}

/** Two queries with the same parameters, in whatever order (a saved view's filters come back sorted). */
function sameQuery(a: string, b: string): boolean {
  const canonical = (q: string) =>
    [...new URLSearchParams(q)]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
  return canonical(a) === canonical(b);
}
