import { pageQuery } from './http/page-query';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../identity/access/access.decorators';
import { unitsWithRole } from '../identity/access/actor';
import { UnitsService } from '../identity/units.service';
import { allowedActions, OrderAction } from '../orders/domain/order-lifecycle';
import { OrderQueries } from '../orders/order-queries.service';
import type { OrderSummary } from '../orders/order-views.service';
import type { OrderQueryDto } from '../orders/orders.dto';
import { PageRequest, pageLanguage } from './http/page-request';
import { Formats, Translate, translator } from './i18n/i18n';
import { statusText } from './orders/order-page';
import { PageRenderer } from './render/page-renderer';

/** Actions that mean an order waits for its requester (from the lifecycle table, not a list of statuses). */
const REQUESTER_TURN: OrderAction[] = ['submit', 'revise', 'keep', 'accept_delivery'];

/** The front door: what this is and the way in; signed in, a requester's orders and what waits for them. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queries: OrderQueries,
    private readonly units: UnitsService,
  ) {}

  @Public()
  @Get()
  async home(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const language = pageLanguage(req);
    const t = translator(language);
    const actor = req.actor;
    const requesterUnits = actor ? unitsWithRole(actor, 'requester') : [];
    if (!actor || !requesterUnits.length) {
      return this.pages.render(req, res, 'landing.njk', { pageTitle: t('landing.title') });
    }
    const fmt = new Formats(language);
    const names = new Map((await this.units.list()).map((u) => [u.id, u.name]));
    const mine: OrderSummary[] = [];
    const units: Array<{ name: string; rows: ReturnType<typeof row>[] }> = [];
    for (const unitId of requesterUnits) {
      const { items } = await this.queries.list(actor, { requesterUnitId: unitId, limit: 100 } as OrderQueryDto);
      mine.push(...items.filter((o) => o.requesterId === actor.userId));
      units.push({
        name: names.get(unitId) ?? '',
        rows: items.filter((o) => o.requesterId !== actor.userId).map((o) => row(o, t, fmt, false)),
      });
    }
    const mineRows = mine.map((o) =>
      row(
        o,
        t,
        fmt,
        REQUESTER_TURN.some((a) => allowedActions(o.status, 'requester').includes(a)),
      ),
    );
    // After deleting a draft there is no order page to go back to: the notice shows here.
    const { done } = pageQuery(req, ['done']);
    this.pages.render(req, res, 'requester/home.njk', {
      pageTitle: t('home.title'),
      notice: done === 'deleted' ? t('done.deleted') : null,
      waiting: mineRows.filter((r) => r.waiting),
      mine: mineRows,
      units,
    });
  }
}

function row(o: OrderSummary, t: Translate, fmt: Formats, waiting: boolean) {
  return {
    id: o.id,
    href: o.status === 'draft' ? `/orders/${o.id}/edit` : `/orders/${o.id}`,
    reference: o.reference,
    title: o.title,
    status: statusText(t, o.status),
    due: o.dueDate ? fmt.day(o.dueDate) : '',
    overdue: o.overdue,
    waiting,
  };
}
