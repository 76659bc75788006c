import { ApiProperty } from '@nestjs/swagger';
import type { Exactly } from '../common/exactly';
import type { OptionCount, QuestionResult } from './domain/survey-results';
import type { PanelMemberView, PanelView, SurveyResultsView, SurveySummaryView, SurveyView } from './panels.service';

const uuid = { type: String, format: 'uuid' } as const;
const dateTime = { type: String, format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;

export class PanelMemberResponse implements Exactly<PanelMemberView, PanelMemberResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty()
  name!: string;
}

export class SurveySummaryResponse implements Exactly<SurveySummaryView, SurveySummaryResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty(dateTime)
  closesAt!: Date;

  @ApiProperty()
  closed!: boolean;

  @ApiProperty({ ...count, description: 'Members it was sent to.' })
  invited!: number;

  @ApiProperty({ ...count, description: 'How many have answered (never who).' })
  responses!: number;
}

export class SurveysWaitingResponse {
  @ApiProperty({
    type: [SurveySummaryResponse],
    description: 'Open surveys of the caller’s panels not yet answered, closing soonest first.',
  })
  items!: SurveySummaryResponse[];
}

export class PanelResponse implements Exactly<PanelView, PanelResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  supportUnitId!: string;

  @ApiProperty()
  supportUnit!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: [PanelMemberResponse] })
  members!: PanelMemberResponse[];

  @ApiProperty({ type: [SurveySummaryResponse], description: 'Newest first.' })
  surveys!: SurveySummaryResponse[];

  @ApiProperty(dateTime)
  createdAt!: Date;
}

export class SurveyResponse extends SurveySummaryResponse implements Exactly<SurveyView, SurveyResponse> {
  @ApiProperty(uuid)
  panelId!: string;

  @ApiProperty()
  panel!: string;

  @ApiProperty(uuid)
  supportUnitId!: string;

  @ApiProperty()
  supportUnit!: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'As a questionnaire has them.' })
  questions!: SurveyView['questions'];

  @ApiProperty({ description: 'The caller has answered (what, nobody can tell).' })
  answered!: boolean;

  @ApiProperty()
  mayAnswer!: boolean;

  @ApiProperty({ description: 'The caller manages the panel’s support unit.' })
  mayManage!: boolean;
}

export class SurveyAnsweredResponse {
  @ApiProperty({ enum: [true] })
  answered!: true;
}

export class OptionCountResponse implements Exactly<OptionCount, OptionCountResponse> {
  @ApiProperty()
  value!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty(count)
  count!: number;
}

export class QuestionResultResponse implements Exactly<QuestionResult, QuestionResultResponse> {
  @ApiProperty()
  key!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({ enum: ['text', 'textarea', 'number', 'date', 'choice', 'multichoice', 'yesno', 'email', 'url'] })
  type!: QuestionResult['type'];

  @ApiProperty(count)
  answered!: number;

  @ApiProperty({ type: [OptionCountResponse], nullable: true, description: 'choice, multichoice, yesno.' })
  counts!: OptionCountResponse[] | null;

  @ApiProperty({ type: 'number', nullable: true, description: 'number: the mean.' })
  average!: number | null;

  @ApiProperty({ type: [String], nullable: true, description: 'Free answers, sorted: their order tells nothing of who answered.' })
  texts!: string[] | null;
}

export class SurveyResultsResponse implements Exactly<SurveyResultsView, SurveyResultsResponse> {
  @ApiProperty(uuid)
  surveyId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty(dateTime)
  closesAt!: Date;

  @ApiProperty()
  closed!: boolean;

  @ApiProperty(count)
  invited!: number;

  @ApiProperty({ ...count, minimum: 5 })
  responses!: number;

  @ApiProperty({ type: [QuestionResultResponse] })
  questions!: QuestionResultResponse[];
}
