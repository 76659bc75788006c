import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry, RetentionCounts } from '../privacy/personal-data';

/**
 * Retrospectives' part of export, erasure and retention: retrospectives and feedback are the
 * organisation's record of the loop (kept on erasure, as "Former user"); retention removes the
 * requester's free-text feedback comment and keeps the ratings the figures count.
 */
@Injectable()
export class RetrospectivesPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = {
    retrospectives: ['author_id'],
    feedback: ['author_id'],
    recommendations: ['decided_by'],
  };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    const q = (sql: string) => m.query(sql, [s.userId]);
    return {
      retrospectivesWritten: await q(
        `SELECT id, order_id AS "orderId", outcome, purpose_assessment AS "purposeAssessment", created_at AS "createdAt"
           FROM retrospectives WHERE author_id = $1 ORDER BY created_at, id`,
      ),
      feedbackWritten: await q(
        `SELECT id, order_id AS "orderId", satisfaction, purpose_achieved AS "purposeAchieved", comment, created_at AS "createdAt"
           FROM feedback WHERE author_id = $1 ORDER BY created_at, id`,
      ),
      recommendationDecisions: await q(
        `SELECT id, status, decision_reason AS "decisionReason", decided_at AS "decidedAt", decided_on_order_id AS "orderId"
           FROM recommendations WHERE decided_by = $1 ORDER BY decided_at, id`,
      ),
    };
  }

  /** Nothing goes: retrospectives, feedback and decisions stay as the organisation's record. */
  async erase(): Promise<void> {}

  async retire(m: EntityManager, orderIds: string[], dryRun: boolean): Promise<RetentionCounts> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM feedback WHERE order_id = ANY($1::uuid[]) AND comment IS NOT NULL`, [
      orderIds,
    ]);
    if (!dryRun) await m.query(`UPDATE feedback SET comment = NULL WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    return { feedbackComments: n };
  }
}
