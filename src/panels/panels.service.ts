import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Answers, Question } from '../catalog/domain/question';
import { validateAnswers } from '../catalog/domain/validate-answers';
import { validateQuestionnaire } from '../catalog/domain/validate-questionnaire';
import { DomainError, invalid } from '../common/domain-error';
import { fieldError } from '../common/field-error';
import { EventPublisher } from '../events/event-publisher';
import type { Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import { QuestionResult, resultsAccess, surveyResults } from './domain/survey-results';

export interface PanelMemberView {
  id: string;
  name: string;
}

export interface SurveySummaryView {
  id: string;
  title: string;
  closesAt: Date;
  closed: boolean;
  invited: number;
  responses: number;
}

export interface PanelView {
  id: string;
  supportUnitId: string;
  supportUnit: string;
  name: string;
  members: PanelMemberView[];
  surveys: SurveySummaryView[];
  createdAt: Date;
}

export interface SurveyView extends SurveySummaryView {
  panelId: string;
  panel: string;
  supportUnitId: string;
  supportUnit: string;
  questions: Question[];
  /** The caller has answered (never what). */
  answered: boolean;
  mayAnswer: boolean;
  /** The caller manages the panel's support unit. */
  mayManage: boolean;
}

export interface SurveyResultsView {
  surveyId: string;
  title: string;
  closesAt: Date;
  closed: boolean;
  invited: number;
  responses: number;
  questions: QuestionResult[];
}

interface PanelRow {
  id: string;
  support_unit_id: string;
  name: string;
  created_at: Date;
}

interface SurveyRow {
  id: string;
  panel_id: string;
  title: string;
  questions: Question[];
  closes_at: Date;
  invited: number;
  responses: number;
  closed: boolean;
}

const SURVEY_SELECT = `SELECT s.id, s.panel_id, s.title, s.questions, s.closes_at, s.invited, s.closes_at <= now() AS closed,
       (SELECT count(*)::int FROM survey_responses r WHERE r.survey_id = s.id) AS responses
  FROM surveys s`;

/**
 * Customer panels: a support unit's manager forms one from people outside the unit and sends
 * it short surveys built with the catalog's questionnaire engine. Answers are stored apart
 * from who answered: `survey_responses` has no user, `survey_respondents` no answers.
 */
@Injectable()
export class PanelsService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly identity: IdentityFacade,
  ) {}

  async create(actor: Actor, input: { supportUnitId: string; name: string; memberIds: string[] }): Promise<PanelView> {
    const unit = await this.identity.unit(input.supportUnitId);
    if (!unit || unit.kind !== 'support') throw invalid('/supportUnitId', 'unknownReference', 'is not a support unit');
    this.mustManage(actor, input.supportUnitId);
    const memberIds = [...new Set(input.memberIds)];
    const active = new Set((await this.identity.contactsOf(memberIds)).map((c) => c.id));
    const insiders = new Set(await this.identity.membersAmong(input.supportUnitId, memberIds));
    const errors = input.memberIds.flatMap((id, i) =>
      !active.has(id)
        ? [fieldError(`/memberIds/${i}`, 'unknownReference', 'is not an active person')]
        : insiders.has(id)
          ? [fieldError(`/memberIds/${i}`, 'notAllowed', 'belongs to the support unit: a panel is of people outside it')]
          : [],
    );
    if (errors.length) throw DomainError.validation(errors);
    const id = await this.db.transaction(async (m) => {
      const [row]: Array<{ id: string }> = await m.query(
        `INSERT INTO panels (support_unit_id, name, created_by) VALUES ($1, $2, $3) RETURNING id`,
        [input.supportUnitId, input.name.trim(), actor.userId],
      );
      await m.query(`INSERT INTO panel_members (panel_id, user_id) SELECT $1, unnest($2::uuid[])`, [row.id, memberIds]);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'panel.created',
        entity: 'panel',
        entityId: row.id,
        after: { supportUnitId: input.supportUnitId, name: input.name, memberIds },
      });
      return row.id;
    });
    return this.panel(actor, id);
  }

  /** The panels of the units the caller manages, newest first. */
  async list(actor: Actor): Promise<PanelView[]> {
    const rows: PanelRow[] = await this.db.query(
      `SELECT id, support_unit_id, name, created_at FROM panels WHERE support_unit_id = ANY($1::uuid[]) ORDER BY created_at DESC, id DESC`,
      [actor.managedUnitIds],
    );
    return Promise.all(rows.map((r) => this.panelView(r)));
  }

  async panel(actor: Actor, id: string): Promise<PanelView> {
    const row = await this.loadPanel(this.db.manager, id);
    this.mustManage(actor, row.support_unit_id);
    return this.panelView(row);
  }

  async send(actor: Actor, panelId: string, input: { title: string; questions: unknown; closesAt: string }): Promise<SurveyView> {
    const panel = await this.loadPanel(this.db.manager, panelId);
    this.mustManage(actor, panel.support_unit_id);
    const errors = validateQuestionnaire(input.questions);
    if (Array.isArray(input.questions) && input.questions.length === 0) {
      errors.push(fieldError('/questions', 'minItems', 'needs at least one question', { min: 1 }));
    }
    const closesAt = new Date(input.closesAt);
    if (Number.isNaN(closesAt.getTime())) errors.push(fieldError('/closesAt', 'date', 'must be a date and time'));
    else if (closesAt.getTime() <= Date.now()) errors.push(fieldError('/closesAt', 'notInPast', 'must be in the future'));
    if (errors.length) throw DomainError.validation(errors);
    const id = await this.db.transaction(async (m) => {
      const members: Array<{ user_id: string }> = await m.query(
        `SELECT pm.user_id FROM panel_members pm WHERE pm.panel_id = $1 ORDER BY pm.user_id`,
        [panelId],
      );
      const recipients = (
        await this.identity.contactsOf(
          members.map((x) => x.user_id),
          m,
        )
      ).map((c) => c.id);
      const [row]: Array<{ id: string }> = await m.query(
        `INSERT INTO surveys (panel_id, title, questions, closes_at, invited, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [panelId, input.title.trim(), JSON.stringify(input.questions), closesAt, recipients.length, actor.userId],
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'survey.sent',
        entity: 'survey',
        entityId: row.id,
        after: { panelId, title: input.title, closesAt: closesAt.toISOString() },
      });
      await this.events.publish(m, 'survey.sent', {
        surveyId: row.id,
        panelId,
        supportUnitId: panel.support_unit_id,
        title: input.title.trim(),
        link: `/surveys/${row.id}`,
        closesAt: closesAt.toISOString(),
        actorId: actor.userId,
        recipientIds: recipients,
      });
      return row.id;
    });
    return this.survey(actor, id);
  }

  /** A survey as its panel's members and managers see it; 403 for anyone else. */
  async survey(actor: Actor, id: string): Promise<SurveyView> {
    const survey = await this.loadSurvey(this.db.manager, id);
    const panel = await this.loadPanel(this.db.manager, survey.panel_id);
    const who = await this.who(this.db.manager, actor, panel);
    if (!who.isManager && !who.isMember) throw new DomainError('forbidden', 'Only the panel’s members and managers see its surveys.');
    const answered = who.isMember && (await this.hasAnswered(this.db.manager, id, actor.userId));
    return {
      ...this.summary(survey),
      panelId: panel.id,
      panel: panel.name,
      supportUnitId: panel.support_unit_id,
      supportUnit: (await this.identity.unit(panel.support_unit_id))?.name ?? '',
      questions: survey.questions,
      answered,
      mayAnswer: who.isMember && !answered && !survey.closed,
      mayManage: who.isManager,
    };
  }

  /** Surveys waiting for the caller's answer: open, of a panel they are in, not yet answered. */
  async waiting(actor: Actor): Promise<SurveySummaryView[]> {
    const rows: SurveyRow[] = await this.db.query(
      `${SURVEY_SELECT}
        WHERE s.closes_at > now()
          AND EXISTS (SELECT 1 FROM panel_members pm WHERE pm.panel_id = s.panel_id AND pm.user_id = $1)
          AND NOT EXISTS (SELECT 1 FROM survey_respondents sr WHERE sr.survey_id = s.id AND sr.user_id = $1)
        ORDER BY s.closes_at, s.id`,
      [actor.userId],
    );
    return rows.map((r) => this.summary(r));
  }

  /**
   * A member answers once, before the survey closes. Who answered and what are written to two
   * tables that share nothing but the survey: the answers carry no user and no time.
   */
  async respond(actor: Actor, surveyId: string, input: { answers: unknown }): Promise<{ answered: true }> {
    await this.db.transaction(async (m) => {
      const survey = await this.loadSurvey(m, surveyId, true);
      const panel = await this.loadPanel(m, survey.panel_id);
      const who = await this.who(m, actor, panel);
      if (!who.isMember) throw new DomainError('forbidden', 'Only the panel’s members answer its surveys.');
      if (survey.closed) throw new DomainError('survey_closed', 'The survey closed; answers are no longer taken.');
      const { answers, errors } = validateAnswers(survey.questions, input.answers);
      if (errors.length) throw DomainError.validation(errors);
      const first: unknown[] = await m.query(
        `INSERT INTO survey_respondents (survey_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING survey_id`,
        [surveyId, actor.userId],
      );
      if (!first.length) throw new DomainError('duplicate', 'You have already answered this survey.');
      await m.query(`INSERT INTO survey_responses (survey_id, answers) VALUES ($1, $2)`, [surveyId, JSON.stringify(answers)]);
      // The audit says that the member answered, as survey_respondents does; never what.
      await this.audit.record(m, { actorId: actor.userId, action: 'survey.answered', entity: 'survey', entityId: surveyId });
    });
    return { answered: true };
  }

  /** Per question, to the panel's managers, and to members after close; 403 while fewer than 5 answered. */
  async results(actor: Actor, surveyId: string): Promise<SurveyResultsView> {
    const survey = await this.loadSurvey(this.db.manager, surveyId);
    const panel = await this.loadPanel(this.db.manager, survey.panel_id);
    const access = resultsAccess(await this.who(this.db.manager, actor, panel), survey.closed, survey.responses);
    if (access === 'forbidden') {
      throw new DomainError('forbidden', 'The results are for the panel’s managers, and for its members once the survey closed.');
    }
    if (access === 'withheld') {
      throw new DomainError(
        'results_withheld',
        'Fewer than 5 have answered: no result is shown, so that no answer can be told apart.',
        [],
        {
          responses: survey.responses,
        },
      );
    }
    const rows: Array<{ answers: Answers }> = await this.db.query(`SELECT answers FROM survey_responses WHERE survey_id = $1`, [surveyId]);
    return {
      surveyId,
      title: survey.title,
      closesAt: survey.closes_at,
      closed: survey.closed,
      invited: survey.invited,
      responses: survey.responses,
      questions: surveyResults(
        survey.questions,
        rows.map((r) => r.answers),
      ),
    };
  }

  private summary(s: SurveyRow): SurveySummaryView {
    return { id: s.id, title: s.title, closesAt: s.closes_at, closed: s.closed, invited: s.invited, responses: s.responses };
  }

  private mustManage(actor: Actor, supportUnitId: string): void {
    if (!actor.managedUnitIds.includes(supportUnitId)) {
      throw new DomainError('forbidden', 'Only a manager of the support unit forms its panels and sends their surveys.');
    }
  }

  private async who(m: EntityManager, actor: Actor, panel: PanelRow): Promise<{ isManager: boolean; isMember: boolean }> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM panel_members WHERE panel_id = $1 AND user_id = $2`, [panel.id, actor.userId]);
    return { isManager: actor.managedUnitIds.includes(panel.support_unit_id), isMember: rows.length > 0 };
  }

  private async hasAnswered(m: EntityManager, surveyId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM survey_respondents WHERE survey_id = $1 AND user_id = $2`, [surveyId, userId]);
    return rows.length > 0;
  }

  private async loadPanel(m: EntityManager, id: string): Promise<PanelRow> {
    const [row]: PanelRow[] = await m.query(`SELECT id, support_unit_id, name, created_at FROM panels WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('Panel');
    return row;
  }

  /** `lock`: hold the survey (FOR SHARE) while answering, so it cannot change meanwhile. */
  private async loadSurvey(m: EntityManager, id: string, lock = false): Promise<SurveyRow> {
    const [row]: SurveyRow[] = await m.query(`${SURVEY_SELECT} WHERE s.id = $1${lock ? ' FOR SHARE OF s' : ''}`, [id]);
    if (!row) throw DomainError.notFound('Survey');
    return row;
  }

  private async panelView(row: PanelRow): Promise<PanelView> {
    const members: Array<{ user_id: string }> = await this.db.query(`SELECT user_id FROM panel_members WHERE panel_id = $1`, [row.id]);
    const names = await this.identity.namesOf(members.map((x) => x.user_id));
    const surveys: SurveyRow[] = await this.db.query(`${SURVEY_SELECT} WHERE s.panel_id = $1 ORDER BY s.created_at DESC, s.id DESC`, [
      row.id,
    ]);
    return {
      id: row.id,
      supportUnitId: row.support_unit_id,
      supportUnit: (await this.identity.unit(row.support_unit_id))?.name ?? '',
      name: row.name,
      members: members
        .map((x) => ({ id: x.user_id, name: names.get(x.user_id) ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
      surveys: surveys.map((s) => this.summary(s)),
      createdAt: row.created_at,
    };
  }
}
