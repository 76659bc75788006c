import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { CreateServiceDto, QuestionnaireDto, ServiceNoteDto, ServiceQueryDto, UpdateServiceDto } from './catalog.dto';
import { QuestionnaireResponse, ServiceNoteResponse, ServiceNotesResponse, ServicePage, ServiceResponse } from './catalog.responses';
import { ServiceNotesService } from './service-notes.service';
import { CatalogService } from './catalog.service';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/v1/services')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly notes: ServiceNotesService,
  ) {}

  @RequireRole('signedIn')
  @Get(':id/notes')
  @ApiOkResponse({ type: ServiceNotesResponse, description: 'Decisions recorded on the service, newest first.' })
  async listNotes(@UuidParam('id') id: string) {
    return { items: await this.notes.list(id) };
  }

  @RequireRole('manager')
  @Post(':id/notes')
  @ApiCreatedResponse({ type: ServiceNoteResponse, description: 'The decision, recorded (and audited) as a note on the service.' })
  addNote(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ServiceNoteDto) {
    return this.notes.add(actor, id, dto);
  }

  @RequireRole('signedIn')
  @Get()
  @ApiOkResponse({ type: ServicePage, description: 'Active services by name; the whole catalog at once without `?limit=`.' })
  async list(@Query() query: ServiceQueryDto) {
    return this.catalog.list(query);
  }

  @RequireRole('signedIn')
  @Get(':id')
  @ApiOkResponse({ type: ServiceResponse })
  get(@UuidParam('id') id: string) {
    return this.catalog.view(id);
  }

  @RequireRole('manager')
  @Post()
  @ApiCreatedResponse({ type: ServiceResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateServiceDto) {
    return this.catalog.create(actor, dto);
  }

  @RequireRole('manager')
  @Patch(':id')
  @ApiOkResponse({ type: ServiceResponse })
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateServiceDto) {
    return this.catalog.update(actor, id, dto);
  }

  @RequireRole('manager')
  @Post(':id/questionnaires')
  @ApiCreatedResponse({ type: QuestionnaireResponse, description: 'A new draft version.' })
  createDraft(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: QuestionnaireDto) {
    return this.catalog.createDraft(actor, id, dto.questions);
  }

  @RequireRole('manager')
  @Patch(':id/questionnaires/:qid')
  @ApiOkResponse({ type: QuestionnaireResponse, description: 'The draft with its questions replaced.' })
  updateDraft(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('qid') qid: string, @Body() dto: QuestionnaireDto) {
    return this.catalog.updateDraft(actor, id, qid, dto.questions);
  }

  @RequireRole('manager')
  @Post(':id/questionnaires/:qid/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: QuestionnaireResponse })
  publish(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('qid') qid: string) {
    return this.catalog.publish(actor, id, qid);
  }

  @RequireRole('signedIn')
  @Get(':id/questionnaire')
  @ApiOkResponse({ type: QuestionnaireResponse, description: 'The latest published version.' })
  current(@UuidParam('id') id: string) {
    return this.catalog.currentQuestionnaire(id);
  }
}
