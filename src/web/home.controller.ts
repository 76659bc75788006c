import { pageQuery } from './http/page-query';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../identity/access/access.decorators';
import { unitsWithRole } from '../identity/access/actor';
import { UnitsService } from '../identity/units.service';
import { UsersService } from '../identity/users.service';
import type { Actor } from '../identity/access/actor';
import { WorkloadReadModel } from '../orders/workload.read-model';
import { allowedActions, OrderAction } from '../orders/domain/order-lifecycle';
import { OrderQueries } from '../orders/order-queries.service';
import type { OrderSummary } from '../orders/order-views.service';
import type { OrderQueryDto } from '../orders/orders.dto';
import { PanelsService } from '../panels/panels.service';
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
    private readonly users: UsersService,
    private readonly workload: WorkloadReadModel,
    private readonly panels: PanelsService,
  ) {}

  @Public()
  @Get()
  async home(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const language = pageLanguage(req);
    const t = translator(language);
    const actor = req.actor;
    const requesterUnits = actor ? unitsWithRole(actor, 'requester') : [];
    if (!actor) return this.pages.render(req, res, 'landing.njk', { pageTitle: t('landing.title') });
    const work = await this.work(actor, t, new Formats(language));
    const voice = await this.voice(actor, await this.units.list(), t);
    if (!requesterUnits.length && !work) return this.pages.render(req, res, 'landing.njk', { pageTitle: t('landing.title'), voice });
    const fmt = new Formats(language);
    const names = await this.units.names();
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
      pageTitle: work ? t('work.title') : t('home.title'),
      work,
      requester: requesterUnits.length > 0,
      notice: done === 'deleted' ? t('done.deleted') : null,
      waiting: mineRows.filter((r) => r.waiting),
      mine: mineRows,
      units,
      voice,
    });
  }

  /**
   * The delivering side's own work (a deliverer) and their units' workload (a lead), each figure
   * a link to the orders behind it in the queue. Null for someone who neither delivers nor leads
   * a support unit.
   */
  private async work(actor: Actor, t: Translate, fmt: Formats) {
    const delivering = unitsWithRole(actor, 'deliverer');
    // A lead manages a support unit they deliver for (the queue the figures open is a deliverer's).
    const supportLed = unitsWithRole(actor, 'manager').filter((id) => delivering.includes(id));
    if (!delivering.length) return null;
    const names = await this.units.names();
    const queue = (unitId: string | null, query: string) =>
      `/queue?${unitId && delivering.length > 1 ? `supportUnitId=${unitId}&` : ''}${query}`;
    const w = await this.workload.myWork(actor.userId, delivering);
    const mine: Figure[] = [
      {
        id: 'waiting-on-me',
        count: w.waitingOnMe,
        text: t('work.waitingOnMe'),
        href: queue(null, 'assigneeId=me&status=submitted,confirmed,in_progress'),
      },
      { id: 'assigned-to-me', count: w.assignedToMe, text: t('work.assignedToMe'), href: queue(null, 'assigneeId=me') },
      {
        id: 'due-this-week',
        count: w.dueThisWeek,
        text: t('work.dueThisWeek'),
        href: queue(null, 'assigneeId=me&status=confirmed,in_progress&sort=due'),
      },
      { id: 'my-overdue', count: w.overdue, text: t('work.overdue'), href: queue(null, 'assigneeId=me&overdue=true') },
      {
        id: 'new-in-unit',
        count: w.newInMyUnits,
        text: t('work.newInUnit'),
        href: queue(null, 'status=submitted&assigneeId=none&sort=created&order=asc'),
      },
    ];
    const leads = await Promise.all(supportLed.map((unitId) => this.workload.unitWorkload(unitId)));
    const people = await this.users.namesOf(leads.flatMap((l) => l.perPerson.map((p) => p.assigneeId)));
    return {
      mine,
      units: leads.map((l) => ({
        name: names.get(l.unitId) ?? '',
        figures: [
          { id: `open-${l.unitId}`, count: l.open, text: t('work.unit.open'), href: queue(l.unitId, '') },
          {
            id: `unassigned-${l.unitId}`,
            count: l.unassigned,
            text: t('work.unit.unassigned'),
            href: queue(l.unitId, 'assigneeId=none&sort=created&order=asc'),
          },
          { id: `overdue-${l.unitId}`, count: l.overdue, text: t('work.unit.overdue'), href: queue(l.unitId, 'overdue=true') },
        ],
        oldestWaiting: l.oldestWaiting
          ? { href: `/orders/${l.oldestWaiting.id}`, reference: l.oldestWaiting.reference, since: fmt.day(l.oldestWaiting.submittedAt) }
          : null,
        perPerson: l.perPerson.map((p) => ({
          name: people.get(p.assigneeId) ?? '',
          open: p.open,
          overdue: p.overdue,
          href: queue(l.unitId, `assigneeId=${p.assigneeId}`),
        })),
      })),
    };
  }

  /** "A survey waits for you", and the ideas for the support units the caller belongs to (or all of them). */
  private async voice(actor: Actor, units: Array<{ id: string; name: string; kind: string }>, t: Translate) {
    const surveys = await this.panels.waiting(actor);
    const own = units.filter((u) => u.kind === 'support' && actor.memberUnitIds.includes(u.id));
    return {
      surveys: surveys.map((s) => ({ href: `/surveys/${s.id}`, text: t('home.voice.surveyWaits', { title: s.title }) })),
      ideas: own.length
        ? own.map((u) => ({ href: `/ideas?supportUnitId=${u.id}`, text: t('home.voice.ideasFor', { unit: u.name }) }))
        : [{ href: '/ideas', text: t('home.voice.ideas') }],
    };
  }
}

/** A figure on the home page and the queue it opens. */
interface Figure {
  id: string;
  count: number;
  text: string;
  href: string;
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
