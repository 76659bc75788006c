import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry } from '../privacy/personal-data';

/**
 * Customer panels' part of export and erasure. The export says which panels a person sits on
 * and which surveys they answered, never what they answered: the answers are stored without
 * anyone's name (survey_responses has no person column), so they cannot be found for anyone.
 * On erasure the person leaves every panel; that they answered stays (it keeps a second answer
 * out and the response rate true), pointing at "Former user". `panels.name` matches the
 * person-column pattern but is a panel's name.
 */
@Injectable()
export class PanelsPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = {
    panels: ['created_by', 'name'],
    panel_members: ['user_id'],
    surveys: ['created_by'],
    survey_respondents: ['user_id'],
  };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    const [panelMemberships, surveysAnswered, panelsFormed, surveysSent] = await Promise.all([
      m.query(
        `SELECT p.id, p.name, p.support_unit_id AS "supportUnitId" FROM panel_members pm JOIN panels p ON p.id = pm.panel_id
          WHERE pm.user_id = $1 ORDER BY p.name, p.id`,
        [s.userId],
      ),
      m.query(
        `SELECT sv.id, sv.title FROM survey_respondents r JOIN surveys sv ON sv.id = r.survey_id WHERE r.user_id = $1 ORDER BY sv.created_at, sv.id`,
        [s.userId],
      ),
      m.query(`SELECT id, name FROM panels WHERE created_by = $1 ORDER BY name, id`, [s.userId]),
      m.query(`SELECT id, title, closes_at AS "closesAt" FROM surveys WHERE created_by = $1 ORDER BY created_at, id`, [s.userId]),
    ]);
    return { panelMemberships, surveysAnswered, panelsFormed, surveysSent };
  }

  async erase(m: EntityManager, s: DataSubject): Promise<void> {
    await m.query('DELETE FROM panel_members WHERE user_id = $1', [s.userId]);
  }
}
