import { INestApplication } from '@nestjs/common';
import type { Answers } from '../catalog/domain/question';
import type { Actor } from '../identity/access/actor';
import { ChangeRequestsService } from '../orders/change-requests.service';
import { ConsultationService } from '../orders/consultation.service';
import { DeliveryService } from '../orders/delivery.service';
import type { OrderStatus } from '../orders/domain/order-lifecycle';
import { IntakeService } from '../orders/intake.service';
import { OrderQueries } from '../orders/order-queries.service';

/** The application services a demo order moves through: the same ones the API calls. */
export class DemoOrderServices {
  readonly intake: IntakeService;
  readonly consultation: ConsultationService;
  readonly delivery: DeliveryService;
  readonly changeRequests: ChangeRequestsService;
  readonly queries: OrderQueries;

  constructor(app: INestApplication) {
    this.intake = app.get(IntakeService);
    this.consultation = app.get(ConsultationService);
    this.delivery = app.get(DeliveryService);
    this.changeRequests = app.get(ChangeRequestsService);
    this.queries = app.get(OrderQueries);
  }
}

export interface NewDemoOrder {
  serviceId: string;
  requesterUnitId: string;
  title: string;
  purpose: string;
  desiredDate?: string;
  answers: Answers;
}

/**
 * One order walked through the lifecycle step by step. Each step passes the version last read,
 * exactly as a client of the API would, so the demo also exercises the optimistic locking.
 */
export class DemoOrderFlow {
  private constructor(
    private readonly s: DemoOrderServices,
    readonly id: string,
    readonly reference: string,
    private version: number,
    private currentStatus: OrderStatus,
  ) {}

  static async draft(s: DemoOrderServices, requester: Actor, order: NewDemoOrder): Promise<DemoOrderFlow> {
    const view = await s.intake.create(requester, order);
    return new DemoOrderFlow(s, view.id, view.reference, view.version, view.status);
  }

  get status(): OrderStatus {
    return this.currentStatus;
  }

  async edit(requester: Actor, changes: { title?: string; purpose?: string; desiredDate?: string; answers?: Answers }): Promise<void> {
    this.take(await this.s.intake.updateDraft(requester, this.id, { version: this.version, ...changes }));
  }

  async submit(requester: Actor): Promise<void> {
    this.take(await this.s.intake.submit(requester, this.id, this.version));
  }

  /** A deliverer's question: the order waits on the requester. */
  async ask(deliverer: Actor, body: string): Promise<void> {
    const message = await this.s.consultation.message(deliverer, this.id, { kind: 'question', body, version: this.version }, 'web');
    this.take(message.order);
  }

  /** Professional advice, optionally with the answers the deliverer would give instead. */
  async advise(deliverer: Actor, body: string, suggestedAnswers?: Answers): Promise<void> {
    const message = await this.s.consultation.message(
      deliverer,
      this.id,
      {
        kind: 'advice',
        body,
        suggestedAnswers,
        version: this.version,
      },
      'web',
    );
    this.take(message.order);
  }

  /** A comment in the conversation, from either side; it never moves the order. */
  async reply(actor: Actor, body: string): Promise<void> {
    const message = await this.s.consultation.message(actor, this.id, { kind: 'comment', body, version: this.version }, 'web');
    this.take(message.order);
  }

  async revise(requester: Actor, changes: { answers?: Answers; title?: string; purpose?: string; followedAdvice: boolean }): Promise<void> {
    this.take(await this.s.consultation.revise(requester, this.id, { version: this.version, ...changes }));
  }

  async keep(requester: Actor, reason: string): Promise<void> {
    this.take(await this.s.consultation.keep(requester, this.id, { version: this.version, reason }));
  }

  async transfer(deliverer: Actor, serviceId: string, note: string): Promise<void> {
    this.take(await this.s.consultation.transfer(deliverer, this.id, { version: this.version, serviceId, note }));
  }

  async accept(deliverer: Actor, assignee?: Actor): Promise<void> {
    this.take(await this.s.delivery.accept(deliverer, this.id, this.version, assignee?.userId));
  }

  async start(deliverer: Actor, note?: string): Promise<void> {
    this.take(await this.s.delivery.start(deliverer, this.id, this.version, note));
  }

  async hold(deliverer: Actor, reason: string): Promise<void> {
    this.take(await this.s.delivery.hold(deliverer, this.id, this.version, reason));
  }

  async resume(deliverer: Actor, note?: string): Promise<void> {
    this.take(await this.s.delivery.resume(deliverer, this.id, this.version, note));
  }

  /** Ticks off the first `share` (0..1) of the open checklist items; delivery needs all of them. */
  async tick(deliverer: Actor, share = 1): Promise<void> {
    const { checklist } = await this.s.queries.get(deliverer, this.id);
    const open = checklist.filter((item) => !item.done);
    for (const item of open.slice(0, Math.ceil(open.length * share))) {
      await this.s.delivery.checkItem(deliverer, this.id, item.id, true);
    }
  }

  async deliver(deliverer: Actor, deliveryNote: string, professionalNote?: string): Promise<void> {
    await this.tick(deliverer);
    this.take(await this.s.delivery.deliver(deliverer, this.id, this.version, deliveryNote, professionalNote));
  }

  async acceptDelivery(requester: Actor): Promise<void> {
    this.take(await this.s.delivery.acceptDelivery(requester, this.id, this.version));
  }

  async reopen(requester: Actor, reason: string): Promise<void> {
    this.take(await this.s.delivery.reopen(requester, this.id, this.version, reason));
  }

  async cancel(requester: Actor, reason: string): Promise<void> {
    this.take(await this.s.delivery.cancel(requester, this.id, this.version, reason));
  }

  /** Proposes a change to the frozen spec and lets the other side decide on it. */
  async changeRequest(
    proposer: Actor,
    proposal: { reason: string; answers?: Answers; title?: string; purpose?: string },
    decider: Actor,
    decision: 'approved' | 'rejected',
    note: string,
  ): Promise<void> {
    const request = await this.s.changeRequests.propose(proposer, this.id, proposal);
    this.take(await this.s.changeRequests.decide(decider, this.id, request.id, decision, note));
  }

  private take(order: { version: number; status: OrderStatus }): void {
    this.version = order.version;
    this.currentStatus = order.status;
  }
}
