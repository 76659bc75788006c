import { INestApplication } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import type { Question } from '../catalog/domain/question';
import type { DemoWorld } from './demo-data';

export type DemoServiceKey = 'news' | 'flyer' | 'event' | 'laptop' | 'access' | 'recruitment';

interface DemoService {
  key: DemoServiceKey;
  unit: 'com' | 'it' | 'hr';
  name: string;
  description: string;
  targetLeadTimeDays: number;
  questions: Question[];
}

/**
 * The support units' catalog. Every question says in `help` why it is asked: the questionnaire
 * is meant to help the requester work out what to order, not to collect paperwork.
 */
export const DEMO_SERVICES: DemoService[] = [
  {
    key: 'news',
    unit: 'com',
    name: 'News article on the intranet',
    description:
      'We write (or edit) a news article for the intranet start page and publish it on the date you need. ' +
      'Good for news that staff need to know or act on; not for messages that only concern one team.',
    targetLeadTimeDays: 5,
    questions: [
      {
        key: 'audience',
        type: 'multichoice',
        label: 'Who needs to read this?',
        help: 'The audience decides where the article is placed and how we write it. An article for everyone competes with all other news; one for a clear group can be shorter and more direct.',
        required: true,
        min: 1,
        options: [
          { value: 'all_staff', label: 'All staff of the municipality' },
          { value: 'unit_staff', label: 'Staff of our own unit' },
          { value: 'managers', label: 'Managers' },
          { value: 'new_staff', label: 'New employees' },
        ],
      },
      {
        key: 'keyMessage',
        type: 'textarea',
        label: 'What is the one thing a reader should remember?',
        help: 'Most readers only read the heading and the first sentence. If we know the single message that matters, we can put it there.',
        required: true,
        maxLength: 1000,
      },
      {
        key: 'actionWanted',
        type: 'choice',
        label: 'What should readers do after reading?',
        help: 'An article that asks for an action needs a clear call to action and a deadline; one that only informs can be shorter.',
        required: true,
        options: [
          { value: 'know', label: 'Just know about it' },
          { value: 'attend', label: 'Attend something' },
          { value: 'apply', label: 'Apply or sign up' },
          { value: 'change_routine', label: 'Change how they work' },
        ],
      },
      {
        key: 'signUpUrl',
        type: 'url',
        label: 'Where do readers sign up?',
        help: 'We link the call to action directly, so nobody has to search for the form.',
        required: true,
        showIf: { key: 'actionWanted', equals: 'apply' },
      },
      {
        key: 'hasPhoto',
        type: 'yesno',
        label: 'Do you have a photo we may use?',
        help: 'Articles with a photo of real people from the unit are read far more often. We need to know early if we should arrange a photographer.',
        required: true,
      },
      {
        key: 'photoNeeds',
        type: 'choice',
        label: 'What should we do about an image?',
        help: 'Taking a photo takes a few days to arrange, and everyone in it must consent; an illustration is quicker.',
        showIf: { key: 'hasPhoto', equals: false },
        options: [
          { value: 'take_photo', label: 'Take a photo for us' },
          { value: 'illustration', label: 'Use an illustration' },
          { value: 'none', label: 'No image' },
        ],
      },
      {
        key: 'notBefore',
        type: 'date',
        label: 'Must not be published before',
        help: 'Some news must wait, for example until staff concerned have been told in person. Leave empty if it can go out as soon as it is ready.',
      },
      {
        key: 'contactEmail',
        type: 'email',
        label: 'Who answers readers’ questions?',
        help: 'Readers with questions need a named person who knows the subject; the communications unit cannot answer them for you.',
        required: true,
      },
    ],
  },
  {
    key: 'flyer',
    unit: 'com',
    name: 'Printed flyer or poster',
    description:
      'Design and print of flyers, posters and roll-ups in the municipality’s visual identity, including translation and ' +
      'distribution. We also help you judge whether print is the right channel for the people you want to reach.',
    targetLeadTimeDays: 10,
    questions: [
      {
        key: 'format',
        type: 'choice',
        label: 'Format',
        help: 'The format decides how much text fits. A poster is read in passing and holds one message; a flyer can explain more.',
        required: true,
        options: [
          { value: 'a5_flyer', label: 'A5 flyer' },
          { value: 'a4_flyer', label: 'A4 flyer' },
          { value: 'a3_poster', label: 'A3 poster' },
          { value: 'rollup', label: 'Roll-up banner' },
        ],
      },
      {
        key: 'copies',
        type: 'number',
        label: 'Number of copies',
        help: 'Volume drives the printer’s cost and lead time. For large volumes we will also suggest digital channels that reach the same people for less.',
        required: true,
        min: 1,
        max: 10000,
      },
      {
        key: 'audience',
        type: 'text',
        label: 'Who should read it?',
        help: 'Describe the readers as precisely as you can (e.g. "parents of pupils in grades 1–3"). It decides language, tone and where it is placed.',
        required: true,
        maxLength: 300,
      },
      {
        key: 'languages',
        type: 'multichoice',
        label: 'Languages',
        help: 'Eastbrook residents speak many languages; a flyer only works in a language its reader reads. Easy-read versions help people with reading difficulties too.',
        required: true,
        min: 1,
        options: [
          { value: 'en', label: 'English' },
          { value: 'easy_read', label: 'Easy-read English' },
          { value: 'ar', label: 'Arabic' },
          { value: 'so', label: 'Somali' },
          { value: 'uk', label: 'Ukrainian' },
          { value: 'pl', label: 'Polish' },
        ],
      },
      {
        key: 'distribution',
        type: 'multichoice',
        label: 'How will it reach the readers?',
        help: 'Printing is the easy part; a flyer in a box does nothing. If you need us to distribute, we plan the print run around it.',
        required: true,
        min: 1,
        options: [
          { value: 'own_staff', label: 'Our own staff hand it out' },
          { value: 'noticeboards', label: 'Noticeboards in our premises' },
          { value: 'libraries', label: 'Libraries and citizen offices' },
          { value: 'mail', label: 'By post to households' },
        ],
      },
      {
        key: 'textReady',
        type: 'yesno',
        label: 'Do you already have a draft text?',
        help: 'If you have a draft we edit it; if not we write it together with you, which takes a few more days.',
        required: true,
      },
      {
        key: 'draftUrl',
        type: 'url',
        label: 'Link to the draft',
        help: 'A link to the document in the shared drive, so we work on the latest version.',
        showIf: { key: 'textReady', equals: true },
      },
    ],
  },
  {
    key: 'event',
    unit: 'com',
    name: 'Event support',
    description:
      'Planning help for meetings and events: invitations, moderation, photography, signage and press contacts. ' +
      'Tell us what the event should achieve, and we help make it happen.',
    targetLeadTimeDays: 15,
    questions: [
      {
        key: 'eventDate',
        type: 'date',
        label: 'Date of the event',
        help: 'Invitations go out three to four weeks ahead and photographers are booked early; the date tells us what is still possible.',
        required: true,
      },
      {
        key: 'eventType',
        type: 'choice',
        label: 'Kind of event',
        help: 'A public event brings extra requirements (accessibility, permits, press) that an internal meeting does not.',
        required: true,
        options: [
          { value: 'internal', label: 'Internal meeting or workshop' },
          { value: 'public_meeting', label: 'Public information meeting' },
          { value: 'open_day', label: 'Open day' },
          { value: 'celebration', label: 'Celebration or festival' },
        ],
      },
      {
        key: 'attendees',
        type: 'number',
        label: 'Expected number of attendees',
        help: 'Sizes the venue, the catering and the number of helpers; above 150 people a public event needs a safety plan.',
        required: true,
        min: 1,
        max: 5000,
      },
      {
        key: 'supportNeeded',
        type: 'multichoice',
        label: 'What do you need from us?',
        help: 'Pick only what you cannot do yourselves; everything we take on has to be planned in with our other commitments.',
        required: true,
        min: 1,
        options: [
          { value: 'invitation', label: 'Invitation and sign-up' },
          { value: 'moderation', label: 'Moderator or host' },
          { value: 'photography', label: 'Photography' },
          { value: 'press', label: 'Press and local media' },
          { value: 'signage', label: 'Signage and roll-ups' },
        ],
      },
      {
        key: 'pressContact',
        type: 'email',
        label: 'Who speaks to the press?',
        help: 'Journalists will want to talk to someone responsible for the subject, not to communications staff.',
        required: true,
        showIf: { key: 'supportNeeded', equals: 'press' },
      },
      {
        key: 'venue',
        type: 'text',
        label: 'Venue',
        help: 'We check access for wheelchairs and hearing loops, and whether signage is allowed there.',
        maxLength: 200,
      },
      {
        key: 'successMeasure',
        type: 'textarea',
        label: 'How will you know the event worked?',
        help: 'For example "30 families sign up" or "residents understand the new visiting hours". It helps us advise on format, and later to look back on whether it worked.',
        required: true,
        maxLength: 2000,
      },
    ],
  },
  {
    key: 'laptop',
    unit: 'it',
    name: 'New laptop',
    description:
      'A configured, encrypted laptop with the standard software, delivered to the user and set up with them. ' +
      'Replaced laptops are collected and wiped.',
    targetLeadTimeDays: 8,
    questions: [
      {
        key: 'userName',
        type: 'text',
        label: 'Who will use the laptop?',
        help: 'Laptops are personal: they are encrypted to one account and set up with the user.',
        required: true,
        maxLength: 200,
      },
      {
        key: 'userEmail',
        type: 'email',
        label: 'The user’s work email',
        help: 'We book the hand-over directly with the user.',
        required: true,
      },
      {
        key: 'reason',
        type: 'choice',
        label: 'Why is a laptop needed?',
        help: 'A broken laptop goes to the front of the queue; for a new employee we plan delivery for their first day.',
        required: true,
        options: [
          { value: 'new_employee', label: 'New employee' },
          { value: 'broken', label: 'The current one is broken' },
          { value: 'outdated', label: 'The current one is too old or slow' },
          { value: 'additional', label: 'An additional device' },
        ],
      },
      {
        key: 'startDate',
        type: 'date',
        label: 'First working day',
        help: 'So the laptop, account and access rights are ready on day one.',
        required: true,
        showIf: { key: 'reason', equals: 'new_employee' },
      },
      {
        key: 'oldAssetTag',
        type: 'text',
        label: 'Asset tag of the current laptop',
        help: 'The sticker under the laptop (e.g. EB-10234). We collect and wipe the old device: it may hold residents’ personal data.',
        required: true,
        maxLength: 40,
        showIf: { key: 'reason', in: ['broken', 'outdated'] },
      },
      {
        key: 'workProfile',
        type: 'choice',
        label: 'How will it be used?',
        help: 'Most work needs the standard model. A heavier model costs twice as much and is only worth it for demanding software.',
        required: true,
        options: [
          { value: 'standard', label: 'Office work, email, video meetings' },
          { value: 'mobile', label: 'Mostly on the move (home visits, several sites)' },
          { value: 'heavy', label: 'Demanding software (maps, video editing)' },
        ],
      },
      {
        key: 'specialSoftware',
        type: 'textarea',
        label: 'Software beyond the standard set',
        help: 'Licences and security reviews for new software can take a week or more, so we start early.',
        maxLength: 2000,
      },
      {
        key: 'needsDock',
        type: 'yesno',
        label: 'Does the user need a docking station and screen at their desk?',
        help: 'A proper screen and keyboard at the desk prevents strain injuries; we deliver and connect them together with the laptop.',
        required: true,
      },
    ],
  },
  {
    key: 'access',
    unit: 'it',
    name: 'Access rights to a system',
    description:
      'Grant, change or remove someone’s access to one of the municipality’s systems, after approval by the system’s data owner.',
    targetLeadTimeDays: 3,
    questions: [
      {
        key: 'system',
        type: 'choice',
        label: 'Which system?',
        help: 'Each system has its own data owner who approves access; knowing the system tells us whom to ask.',
        required: true,
        options: [
          { value: 'case_management', label: 'Social services case management' },
          { value: 'care_planning', label: 'Care planning and documentation' },
          { value: 'pupil_records', label: 'Pupil records' },
          { value: 'rostering', label: 'Staff rostering' },
          { value: 'document_archive', label: 'Document archive' },
          { value: 'intranet_editor', label: 'Intranet editor' },
          { value: 'other', label: 'Another system' },
        ],
      },
      {
        key: 'otherSystem',
        type: 'text',
        label: 'Name of the system',
        help: 'The name as users know it is enough; we find the owner.',
        required: true,
        maxLength: 200,
        showIf: { key: 'system', equals: 'other' },
      },
      {
        key: 'personName',
        type: 'text',
        label: 'Who needs the access?',
        help: 'Access is always personal; shared accounts are not allowed because every lookup must be traceable to a person.',
        required: true,
        maxLength: 200,
      },
      {
        key: 'personEmail',
        type: 'email',
        label: 'Their work email',
        required: true,
      },
      {
        key: 'accessLevel',
        type: 'choice',
        label: 'What must they be able to do?',
        help: 'We grant the least access that lets someone do the job: these systems hold residents’ personal data, and every extra right is a risk.',
        required: true,
        options: [
          { value: 'read', label: 'Read' },
          { value: 'write', label: 'Read and write' },
          { value: 'admin', label: 'Administer' },
        ],
      },
      {
        key: 'justification',
        type: 'textarea',
        label: 'What work requires this access?',
        help: 'The data owner approves based on this; a concrete task ("documents home visits for 20 clients") is approved faster than a role title.',
        required: true,
        maxLength: 2000,
      },
      {
        key: 'temporary',
        type: 'yesno',
        label: 'Is the access temporary?',
        help: 'Temporary access is removed automatically, so nobody keeps rights they no longer need.',
        required: true,
      },
      {
        key: 'accessUntil',
        type: 'date',
        label: 'Access until',
        required: true,
        showIf: { key: 'temporary', equals: true },
      },
      {
        key: 'approverEmail',
        type: 'email',
        label: 'Manager who approves the need',
        help: 'The person’s manager confirms the need; the data owner then approves the access level.',
        required: true,
      },
    ],
  },
  {
    key: 'recruitment',
    unit: 'hr',
    name: 'Recruitment advertisement',
    description:
      'We write and publish the job advertisement, choose the channels with you and collect the applications in the recruitment system.',
    targetLeadTimeDays: 12,
    questions: [
      {
        key: 'jobTitle',
        type: 'text',
        label: 'Job title',
        help: 'Use the title applicants search for, not an internal one; it decides whether the ad is found at all.',
        required: true,
        maxLength: 200,
      },
      {
        key: 'positions',
        type: 'number',
        label: 'Number of positions',
        help: 'Several positions may justify a wider campaign than a single ad.',
        required: true,
        min: 1,
        max: 50,
      },
      {
        key: 'employmentType',
        type: 'choice',
        label: 'Type of employment',
        help: 'The type changes which collective agreement applies and what the ad must state.',
        required: true,
        options: [
          { value: 'permanent', label: 'Permanent' },
          { value: 'fixed_term', label: 'Fixed term' },
          { value: 'hourly', label: 'Hourly / substitute pool' },
        ],
      },
      {
        key: 'fixedTermMonths',
        type: 'number',
        label: 'Length of the fixed term (months)',
        help: 'Applicants decide on this; ads that hide it get fewer and less suitable applications.',
        required: true,
        min: 1,
        max: 24,
        showIf: { key: 'employmentType', equals: 'fixed_term' },
      },
      {
        key: 'mustHave',
        type: 'textarea',
        label: 'What is truly required?',
        help: 'List only what someone cannot do the job without. Every extra requirement narrows the pool, and long lists put off qualified applicants who do not tick every box.',
        required: true,
        maxLength: 3000,
      },
      {
        key: 'channels',
        type: 'multichoice',
        label: 'Where should the ad appear?',
        help: 'The right channel depends on where the people you want are looking; we will advise if we think another channel reaches them better.',
        required: true,
        min: 1,
        options: [
          { value: 'municipal_site', label: 'The municipality’s job page' },
          { value: 'job_board', label: 'National job board' },
          { value: 'social_media', label: 'Social media' },
          { value: 'professional_press', label: 'Professional journals and unions' },
          { value: 'schools', label: 'Colleges and universities' },
        ],
      },
      {
        key: 'applicationDeadline',
        type: 'date',
        label: 'Last day to apply',
        help: 'Two to three weeks after publication works best; shorter deadlines lose people who are currently employed.',
        required: true,
      },
      {
        key: 'showSalary',
        type: 'yesno',
        label: 'May the ad show the salary range?',
        help: 'Ads with a salary range get more relevant applicants and fewer withdrawals late in the process.',
        required: true,
      },
      {
        key: 'hiringManagerEmail',
        type: 'email',
        label: 'Hiring manager',
        help: 'Applicants’ questions go straight to the hiring manager, who also shortlists.',
        required: true,
      },
      {
        key: 'roleDescriptionUrl',
        type: 'url',
        label: 'Link to an existing role description',
        help: 'If the role exists already, we start from its description instead of from a blank page.',
      },
    ],
  },
];

/** Creates the services through the catalog service (as the admin) and publishes version 1 of each questionnaire. */
export async function seedDemoCatalog(app: INestApplication, world: DemoWorld): Promise<Record<DemoServiceKey, string>> {
  const catalog = app.get(CatalogService);
  const admin = world.users.admin;
  const ids = {} as Record<DemoServiceKey, string>;
  for (const s of DEMO_SERVICES) {
    const service = await catalog.create(admin, {
      supportUnitId: world.units[s.unit],
      name: s.name,
      description: s.description,
      targetLeadTimeDays: s.targetLeadTimeDays,
    });
    const draft = await catalog.createDraft(admin, service.id, s.questions);
    await catalog.publish(admin, service.id, draft.id);
    ids[s.key] = service.id;
  }
  return ids;
}
