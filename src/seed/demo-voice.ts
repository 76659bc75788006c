import { INestApplication } from '@nestjs/common';
import { IdeasService } from '../ideas/ideas.service';
import { PanelsService } from '../panels/panels.service';
import type { DemoWorld } from './demo-data';

/**
 * The customers' voice between orders, through the same services as the API: an idea for
 * Communications, supported and answered; one for IT still waiting; and a customer panel of
 * Communications with an open survey.
 */
export async function seedDemoVoice(app: INestApplication, world: DemoWorld, log: (line: string) => void): Promise<void> {
  const { anna, bert, sara, chris } = world.users;
  if (!anna || !bert || !sara || !chris || !world.units.com || !world.units.it) return;
  const ideas = app.get(IdeasService);
  const templates = await ideas.raise(anna, {
    supportUnitId: world.units.com,
    title: 'Newsletter templates for schools',
    body: 'Ready-made templates would let us order a newsletter in minutes instead of a week, and parents would get the same look every time.',
  });
  await ideas.support(bert, templates.id);
  await ideas.support(sara, templates.id);
  await ideas.respond(chris, templates.id, {
    decision: 'planned',
    reason: 'Three templates (newsletter, event invitation, notice) will be in the catalog for the spring term.',
  });
  const laptops = await ideas.raise(sara, {
    supportUnitId: world.units.it,
    title: 'Loan laptops for home visits',
    body: 'Social workers visiting families need a laptop for the day; today we borrow from colleagues.',
  });
  await ideas.support(bert, laptops.id);

  // The demo's actors carry no managed units (nothing else in the seed needs them); Chris manages Communications.
  const manager = { ...chris, managedUnitIds: [world.units.com] };
  const panels = app.get(PanelsService);
  const panel = await panels.create(manager, {
    supportUnitId: world.units.com,
    name: 'Schools and care panel',
    memberIds: [anna.userId, bert.userId, sara.userId],
  });
  await panels.send(manager, panel.id, {
    title: 'How do you read our news?',
    closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    questions: [
      {
        key: 'channel',
        type: 'choice',
        label: 'Where do you read news from the town first?',
        required: true,
        options: [
          { value: 'intranet', label: 'Intranet' },
          { value: 'mail', label: 'E-mail' },
          { value: 'app', label: 'Mobile app' },
        ],
      },
      { key: 'useful', type: 'number', label: 'How useful is our news to your work, 1 to 5?', required: true, min: 1, max: 5 },
      { key: 'wish', type: 'textarea', label: 'What would you like to read more about?' },
    ],
  });
  log('demo data: 2 ideas (one answered), a customer panel of Communications with an open survey');
}
