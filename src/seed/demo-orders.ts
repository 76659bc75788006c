import type { Answers } from '../catalog/domain/question';
import type { DemoServiceKey } from './demo-catalog';
import type { DemoWorld } from './demo-data';
import { DemoOrderFlow, DemoOrderServices } from './demo-order-flow';

/** Everything a demo order story needs: people, units, services and the order services. */
export interface DemoOrderContext {
  s: DemoOrderServices;
  world: DemoWorld;
  services: Record<DemoServiceKey, string>;
}

export interface DemoOrderStories {
  all: DemoOrderFlow[];
  /** In-progress orders whose due date the demo moves into the past, with how many days. */
  overdue: Array<{ order: DemoOrderFlow; daysLate: number }>;
}

/** An ISO date `days` calendar days from today (negative: in the past). */
function day(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const mail = (name: string) => `${name}@eastbrook.example`;

/**
 * Orders from the core units (school, elderly care, social services) to the support units,
 * walked to every status through the same services the API uses. Oldest stories first, so
 * references run in a believable order: finished work has the lowest numbers.
 */
export async function seedDemoOrders(ctx: DemoOrderContext): Promise<DemoOrderStories> {
  const stories: DemoOrderStories = { all: [], overdue: [] };
  const groups = [acceptedOrders, deliveredOrders, onHoldOrders, inProgressOrders, confirmedOrders, cancelledOrders];
  for (const group of groups) stories.all.push(...(await group(ctx, stories)));
  stories.all.push(...(await submittedOrders(ctx)), ...(await inConsultationOrders(ctx)), ...(await draftOrders(ctx)));
  return stories;
}

function starter(ctx: DemoOrderContext) {
  const { s, world, services } = ctx;
  return (
    requester: keyof typeof REQUESTER_UNIT,
    service: DemoServiceKey,
    order: { title: string; purpose: string; desiredDate?: string; answers: Answers },
  ) =>
    DemoOrderFlow.draft(s, world.users[requester], {
      serviceId: services[service],
      requesterUnitId: world.units[REQUESTER_UNIT[requester]],
      ...order,
    });
}

const REQUESTER_UNIT = { anna: 'school', petra: 'school', bert: 'care', sara: 'social' } as const;

async function acceptedOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { anna, bert, sara, petra, carla, chris, dan, hanna } = ctx.world.users;
  const order = starter(ctx);

  const flyer = await order('anna', 'flyer', {
    title: 'Flyer: after-school club enrolment for next term',
    purpose:
      'Get parents of pupils in grades 1–3 to enrol their children in the after-school club before the end of term, so we can plan staffing for next term.',
    desiredDate: day(14),
    answers: {
      format: 'a5_flyer',
      copies: 400,
      audience: 'Parents of pupils in grades 1–3',
      languages: ['en', 'ar', 'so'],
      distribution: ['own_staff', 'noticeboards'],
      textReady: true,
      draftUrl: 'https://intranet.eastbrook.example/docs/eps/after-school-club-flyer',
    },
  });
  await flyer.submit(anna);
  await flyer.accept(carla);
  await flyer.start(carla);
  await flyer.deliver(
    carla,
    '400 A5 flyers (English, Arabic, Somali) delivered to the school office; print-ready PDFs sent to Anna for the school website.',
  );
  await flyer.acceptDelivery(anna);

  const rostering = await order('bert', 'access', {
    title: 'Rostering access for the new unit manager at Birch House',
    purpose:
      'Let the new unit manager at Birch House plan and approve shifts from her first week, so night staff keep a stable roster during the handover.',
    answers: {
      system: 'rostering',
      personName: 'Ingrid Svensson',
      personEmail: mail('ingrid.svensson'),
      accessLevel: 'write',
      justification: 'Plans and approves the shifts of 34 care staff at Birch House, including night shifts and holiday cover.',
      temporary: false,
      approverEmail: mail('bert'),
    },
  });
  await rostering.submit(bert);
  await rostering.accept(dan);
  await rostering.start(dan);
  await rostering.deliver(
    dan,
    'Write access to Birch House rosters granted after approval by the rostering data owner; Ingrid has signed in and checked.',
  );
  await rostering.acceptDelivery(bert);

  const interpreterAd = await order('sara', 'recruitment', {
    title: 'Interpreter coordinator, part-time',
    purpose:
      'Fill the interpreter coordinator role so that families who do not speak English get an interpreter booked within two days instead of the current two weeks.',
    answers: {
      jobTitle: 'Interpreter coordinator (50%)',
      positions: 1,
      employmentType: 'permanent',
      mustHave: 'Experience of booking or working as an interpreter. Fluent English and at least one of Arabic, Somali or Ukrainian.',
      channels: ['municipal_site', 'job_board'],
      applicationDeadline: day(21),
      showSalary: true,
      hiringManagerEmail: mail('sara'),
    },
  });
  await interpreterAd.submit(sara);
  await interpreterAd.advise(
    hanna,
    'A national job board alone rarely reaches interpreters. The interpreters’ association newsletter and the community colleges’ interpreting courses reach exactly the people you want; we suggest adding both.',
    { channels: ['municipal_site', 'job_board', 'professional_press', 'schools'] },
  );
  await interpreterAd.keep(
    sara,
    'We need the post filled within two months and the association newsletter only comes out quarterly. If this round fails we will use the wider channels next time.',
  );
  await interpreterAd.accept(hanna);
  await interpreterAd.start(hanna);
  await interpreterAd.deliver(
    hanna,
    'Advertisement published on the municipal job page and the national job board; applications are collected in the recruitment system.',
    'Delivered as ordered. In our experience the job board brings many applicants without an interpreting background, so expect to screen more applications than usual.',
  );
  await interpreterAd.acceptDelivery(sara);

  const celebrationAnswers = {
    eventDate: day(40),
    eventType: 'celebration',
    attendees: 350,
    supportNeeded: ['invitation', 'photography', 'press', 'signage'],
    pressContact: mail('petra'),
    venue: 'School yard and gym, Eastbrook Primary School',
    successMeasure: 'At least two thirds of families attend, including the families who joined the school this year.',
  };
  const celebration = await order('petra', 'event', {
    title: 'End-of-term celebration for pupils and parents',
    purpose:
      'Thank pupils and parents for the year and show what the classes have made, so that families, including new arrivals, feel part of the school community.',
    desiredDate: day(38),
    answers: celebrationAnswers,
  });
  await celebration.submit(petra);
  await celebration.advise(
    chris,
    'We suggest leaving out the press. The local paper rarely covers school celebrations, and many parents do not want their children photographed for the media. Photography for the school’s own channels works well with consent forms.',
    { supportNeeded: ['invitation', 'photography', 'signage'] },
  );
  await celebration.revise(petra, {
    answers: { ...celebrationAnswers, supportNeeded: ['invitation', 'photography', 'signage'] },
    followedAdvice: true,
  });
  await celebration.accept(chris, carla);
  await celebration.start(carla);
  await celebration.deliver(
    carla,
    'Invitations sent home with every pupil in four languages, signage and roll-ups set up, photographer on site; 214 photos with consent shared with the school.',
  );
  await celebration.acceptDelivery(petra);

  const laptop = await order('bert', 'laptop', {
    title: 'Light laptop for the activities coordinator',
    purpose:
      'Let the activities coordinator plan and document activities while moving between the three care homes, so residents get activities every day instead of three days a week.',
    answers: {
      userName: 'Jonas Berg',
      userEmail: mail('jonas.berg'),
      reason: 'outdated',
      oldAssetTag: 'EB-08812',
      workProfile: 'mobile',
      needsDock: false,
    },
  });
  await laptop.submit(bert);
  await laptop.accept(dan);
  await laptop.start(dan);
  await laptop.deliver(dan, 'Light laptop EB-11420 handed over and set up with Jonas; old laptop EB-08812 collected and wiped.');
  await laptop.acceptDelivery(bert);

  return [flyer, rostering, interpreterAd, celebration, laptop];
}

async function deliveredOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { anna, bert, sara, carla, chris, dan, hanna } = ctx.world.users;
  const order = starter(ctx);

  const openHouse = await order('sara', 'event', {
    title: 'Open house at the new youth centre',
    purpose:
      'Show young people aged 13–18 and their parents in Northfield what the new youth centre offers, so that at least 60 young people sign up for activities in the first month.',
    answers: {
      eventDate: day(21),
      eventType: 'open_day',
      attendees: 200,
      supportNeeded: ['invitation', 'press', 'signage', 'photography'],
      pressContact: mail('sara'),
      venue: 'Northfield Youth Centre, Mill Road 4',
      successMeasure: '60 young people sign up for at least one activity within a month of the open house.',
    },
  });
  await openHouse.submit(sara);
  await openHouse.advise(
    chris,
    'Teenagers rarely respond to printed invitations or to the local paper. We suggest the youth workers invite through the centre’s social media and the schools, while we concentrate on signage and photography.',
    { supportNeeded: ['signage', 'photography'] },
  );
  await openHouse.keep(
    sara,
    'Parents are the main audience for this open day: they decide whether their children may go, and they do read the local paper. We keep the invitation and press.',
  );
  await openHouse.accept(chris);
  await openHouse.start(chris);
  await openHouse.deliver(
    chris,
    'Invitations posted to 1,150 households in Northfield, press release sent to the Eastbrook Courier and local radio, signage in place and photographer booked for the day.',
    'Delivered as ordered. In our view the schools and social media would have reached more of the teenagers themselves; we suggest counting sign-ups by channel so the next open day can be compared.',
  );

  const mathsTeacher = await order('anna', 'recruitment', {
    title: 'Mathematics teacher, grades 4–6',
    purpose:
      'Recruit a qualified mathematics teacher for grades 4–6 by the start of next term, so that pupils who are behind in maths get continuous teaching instead of substitutes.',
    answers: {
      jobTitle: 'Mathematics teacher, grades 4–6',
      positions: 1,
      employmentType: 'permanent',
      mustHave: 'Teaching qualification for grades 4–6 including mathematics.',
      channels: ['municipal_site', 'job_board', 'schools'],
      applicationDeadline: day(25),
      showSalary: false,
      hiringManagerEmail: mail('petra'),
    },
  });
  await mathsTeacher.submit(anna);
  await mathsTeacher.accept(hanna);
  await mathsTeacher.start(hanna);
  await mathsTeacher.deliver(
    hanna,
    'Advertisement published on the municipal job page, the national job board and the teacher training college’s job list.',
    'Delivered as ordered, without a salary range. Teachers compare salaries between municipalities, and in this field ads with a range get noticeably more applications.',
  );

  const mealArticle = await order('bert', 'news', {
    title: 'Article: new meal service partner from next month',
    purpose:
      'Tell care staff about the new meal supplier and the changed ordering routine, so that no resident misses a meal during the switch-over.',
    answers: {
      audience: ['unit_staff'],
      keyMessage:
        'From next month meals are ordered by 10:00 the day before through the new ordering page; late orders cannot be delivered.',
      actionWanted: 'change_routine',
      hasPhoto: false,
      photoNeeds: 'illustration',
      notBefore: day(3),
      contactEmail: mail('bert'),
    },
  });
  await mealArticle.submit(bert);
  await mealArticle.accept(carla);
  await mealArticle.start(carla);
  await mealArticle.deliver(
    carla,
    'Article published on the Elderly Care intranet page with an illustration and a step-by-step box on the new ordering routine.',
    'Delivered as ordered. Most care staff do not read the intranet during their shifts; a one-page notice in each staff room would support the article.',
  );

  const counsellorLaptop = await order('sara', 'laptop', {
    title: 'Laptop for the new family counsellor',
    purpose:
      'Equip the new family counsellor for home visits from her first day, so that families on the waiting list can be seen from her first week.',
    answers: {
      userName: 'Amira Haddad',
      userEmail: mail('amira.haddad'),
      reason: 'new_employee',
      startDate: day(10),
      workProfile: 'mobile',
      specialSoftware: 'Secure video meeting client for remote family sessions.',
      needsDock: true,
    },
  });
  await counsellorLaptop.submit(sara);
  await counsellorLaptop.accept(dan);
  await counsellorLaptop.start(dan);
  await counsellorLaptop.deliver(dan, 'Laptop EB-11502 configured with the secure video client and handed over to Amira.');
  await counsellorLaptop.reopen(
    sara,
    'The docking station and screen we ordered were not delivered: Amira is working on the laptop screen alone.',
  );
  await counsellorLaptop.deliver(
    dan,
    'Docking station and 24" screen installed at desk 3.12 and tested with the laptop. Sorry for the miss.',
  );

  return [openHouse, mathsTeacher, mealArticle, counsellorLaptop];
}

async function onHoldOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { anna, bert, carla, dan } = ctx.world.users;
  const order = starter(ctx);

  const pupilRecords = await order('anna', 'access', {
    title: 'Pupil records access for the new special-needs teacher',
    purpose:
      'Let the new special-needs teacher read pupils’ support plans before term starts, so that pupils with extra needs get the right support from the first day.',
    answers: {
      system: 'pupil_records',
      personName: 'Lena Park',
      personEmail: mail('lena.park'),
      accessLevel: 'read',
      justification: 'Reads the support plans of the 23 pupils with extra needs she will teach, to prepare their individual schedules.',
      temporary: false,
      approverEmail: mail('petra'),
    },
  });
  await pupilRecords.submit(anna);
  await pupilRecords.accept(dan);
  await pupilRecords.start(dan);
  await pupilRecords.hold(dan, 'Waiting for the data owner (head of education) to approve access to support plans; reminder sent.');

  const fallsPoster = await order('bert', 'flyer', {
    title: 'Poster: preventing falls in the care homes',
    purpose:
      'Remind residents, visitors and staff of five simple steps that prevent falls, to reduce the number of falls in our care homes this season.',
    answers: {
      format: 'a3_poster',
      copies: 60,
      audience: 'Residents, visitors and staff in the three care homes',
      languages: ['en', 'easy_read'],
      distribution: ['noticeboards'],
      textReady: true,
      draftUrl: 'https://intranet.eastbrook.example/docs/eld/falls-poster-text',
    },
  });
  await fallsPoster.submit(bert);
  await fallsPoster.accept(carla);
  await fallsPoster.start(carla);
  await fallsPoster.tick(carla, 0.5);
  await fallsPoster.hold(carla, 'Waiting for photos from the physiotherapy team: residents’ consent forms are still being signed.');

  return [pupilRecords, fallsPoster];
}

async function inProgressOrders(ctx: DemoOrderContext, stories: DemoOrderStories): Promise<DemoOrderFlow[]> {
  const { anna, bert, sara, carla, chris, dan, hanna } = ctx.world.users;
  const order = starter(ctx);

  const festivalAnswers = {
    eventDate: day(45),
    eventType: 'celebration',
    attendees: 120,
    supportNeeded: ['invitation', 'signage', 'photography'],
    venue: 'The garden of Birch House care home',
    successMeasure: 'Every resident who wants to join is outside for the afternoon, and at least 40 relatives and neighbours come.',
  };
  const festival = await order('bert', 'event', {
    title: 'Residents’ festival at Birch House',
    purpose:
      'Give residents, their relatives and neighbours an afternoon together, so that residents who rarely have visitors meet people and relatives see the home as open.',
    answers: festivalAnswers,
  });
  await festival.submit(bert);
  await festival.accept(chris);
  await festival.start(chris);
  await festival.tick(chris, 0.4);
  await festival.changeRequest(
    bert,
    {
      reason: 'The neighbouring preschool wants to join with its choir, so we now expect about 180 guests.',
      answers: { ...festivalAnswers, attendees: 180 },
    },
    chris,
    'approved',
    'Approved: invitations and signage planned for 180 guests; the due date moves accordingly.',
  );

  const debtLeafletAnswers = {
    format: 'a4_flyer',
    copies: 3000,
    audience: 'Residents with money worries, especially families with children',
    languages: ['en'],
    distribution: ['libraries', 'mail'],
    textReady: false,
  };
  const debtLeaflet = await order('sara', 'flyer', {
    title: 'Leaflet about the free debt advice service',
    purpose:
      'Reach households in debt who do not know about our free debt advice, so that they come to us before their debts go to collection.',
    answers: debtLeafletAnswers,
  });
  await debtLeaflet.submit(sara);
  const suggested = {
    format: 'a5_flyer',
    copies: 1000,
    languages: ['en', 'easy_read', 'ar', 'so'],
    distribution: ['libraries', 'own_staff'],
  };
  await debtLeaflet.advise(
    carla,
    'An A4 leaflet in English only will miss many of the households you want to reach. We suggest an A5 leaflet in English, easy-read, Arabic and Somali, handed out by your own staff and in libraries and citizen offices rather than posted to every household, which mostly reaches people who do not need it. 1,000 copies are enough for that.',
    suggested,
  );
  await debtLeaflet.revise(sara, { answers: { ...debtLeafletAnswers, ...suggested }, followedAdvice: true });
  await debtLeaflet.accept(carla);
  await debtLeaflet.start(carla);
  await debtLeaflet.tick(carla, 0.5);
  stories.overdue.push({ order: debtLeaflet, daysLate: 3 });

  const nurseLaptop = await order('anna', 'laptop', {
    title: 'Replacement laptop for the school nurse',
    purpose:
      'Replace the school nurse’s broken laptop so that she can document pupils’ health checks again, which must be done before the next health screening.',
    answers: {
      userName: 'Eva Stone',
      userEmail: mail('eva.stone'),
      reason: 'broken',
      oldAssetTag: 'EB-07731',
      workProfile: 'standard',
      specialSoftware: 'Pupil health records client.',
      needsDock: false,
    },
  });
  await nurseLaptop.submit(anna);
  await nurseLaptop.accept(dan);
  await nurseLaptop.start(dan, 'Ordered from the supplier; waiting for delivery.');
  await nurseLaptop.tick(dan, 0.3);
  stories.overdue.push({ order: nurseLaptop, daysLate: 2 });

  const substitutesAnswers = {
    jobTitle: 'Care assistant, holiday substitute',
    positions: 25,
    employmentType: 'hourly',
    mustHave: 'At least 18 years old. Able to work some weekends and evenings during the holiday period.',
    channels: ['municipal_site', 'social_media', 'schools'],
    applicationDeadline: day(14),
    showSalary: true,
    hiringManagerEmail: mail('bert'),
  };
  const substitutes = await order('bert', 'recruitment', {
    title: 'Holiday substitutes for the care homes',
    purpose:
      'Build a pool of holiday substitutes so that permanent care staff can take their holidays without the homes running short-staffed.',
    answers: substitutesAnswers,
  });
  await substitutes.submit(bert);
  await substitutes.accept(hanna);
  await substitutes.start(hanna);
  await substitutes.tick(hanna, 0.5);
  await substitutes.changeRequest(
    bert,
    {
      reason: 'Please also publish on the national job board and raise the number of positions to 30.',
      answers: { ...substitutesAnswers, positions: 30, channels: [...substitutesAnswers.channels, 'job_board'] },
    },
    hanna,
    'rejected',
    'The national job board needs two weeks to publish, and the deadline is in two weeks: it would reach nobody in time. Social media is already bringing in applications; let us look at the numbers together on Friday.',
  );
  stories.overdue.push({ order: substitutes, daysLate: 4 });

  const fosterArticle = await order('sara', 'news', {
    title: 'Article: we are looking for foster families',
    purpose:
      'Encourage colleagues who could become foster carers to come to the information evening, because 14 children in Eastbrook are waiting for a foster family.',
    answers: {
      audience: ['all_staff'],
      keyMessage:
        '14 children in Eastbrook are waiting for a foster family. Come to the information evening next month and hear what it involves.',
      actionWanted: 'attend',
      hasPhoto: true,
      contactEmail: mail('sara'),
    },
  });
  await fosterArticle.submit(sara);
  await fosterArticle.accept(carla);
  await fosterArticle.start(carla);
  await fosterArticle.hold(carla, 'Waiting for written consent from the foster family in the photo.');
  await fosterArticle.resume(carla, 'Consent received; the article is in final review with Sara.');
  await fosterArticle.tick(carla, 0.5);

  return [festival, debtLeaflet, nurseLaptop, substitutes, fosterArticle];
}

async function confirmedOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { anna, bert, sara, carla, dan } = ctx.world.users;
  const order = starter(ctx);

  const archive = await order('sara', 'access', {
    title: 'Archive access for the new case worker',
    purpose:
      'Give the new case worker read access to closed case files, so that she can prepare follow-up visits for the 12 families she takes over.',
    answers: {
      system: 'document_archive',
      personName: 'Tove Wik',
      personEmail: mail('tove.wik'),
      accessLevel: 'read',
      justification: 'Prepares follow-up visits for 12 families whose earlier case files are archived.',
      temporary: true,
      accessUntil: day(120),
      approverEmail: mail('sara'),
    },
  });
  await archive.submit(sara);
  await archive.accept(dan);

  const readingArticle = await order('anna', 'news', {
    title: 'Article: our new reading programme',
    purpose:
      'Tell colleagues across the municipality about our reading programme, so that other schools, libraries and youth centres join the reading challenge next term.',
    answers: {
      audience: ['all_staff'],
      keyMessage: 'Any school, library or youth centre can join next term’s reading challenge: sign up before the end of this term.',
      actionWanted: 'apply',
      signUpUrl: 'https://intranet.eastbrook.example/forms/reading-challenge',
      hasPhoto: false,
      photoNeeds: 'take_photo',
      contactEmail: mail('anna'),
    },
  });
  await readingArticle.submit(anna);
  await readingArticle.advise(
    carla,
    'Teachers at other schools mostly read the schools’ newsletter rather than the intranet, so we suggest addressing managers, who decide whether a school joins. A photo of children reading needs every parent’s consent; an illustration would be quicker.',
    { audience: ['managers'], photoNeeds: 'illustration' },
  );
  await readingArticle.keep(
    anna,
    'Libraries and youth centres take part too, and their staff read the intranet. We already have consent forms from the parents of our reading ambassadors, so a real photo is possible.',
  );
  await readingArticle.accept(carla);

  // Ordered from Communications, but it is really about editor rights: Communications
  // transfers it to IT instead of sending the requester off to start again.
  const editorRights = await order('bert', 'news', {
    title: 'Intranet publishing for our shift coordinators',
    purpose:
      'Let the shift coordinators post short updates on the Elderly Care intranet page themselves, so that night staff get news without waiting for the communications unit.',
    answers: {
      audience: ['unit_staff'],
      keyMessage: 'Shift coordinators can now publish short news for their colleagues.',
      actionWanted: 'know',
      hasPhoto: false,
      photoNeeds: 'none',
      contactEmail: mail('bert'),
    },
  });
  await editorRights.submit(bert);
  await editorRights.transfer(
    carla,
    ctx.services.access,
    'This is a request for editor rights on the intranet, which IT grants. Transferred to “Access rights to a system” so nothing has to be ordered again.',
  );
  const accessAnswers = { system: 'intranet_editor', accessLevel: 'write', temporary: false };
  await editorRights.advise(
    dan,
    'Happy to take this. Editor rights are personal, so please name the coordinator and confirm the details. We suggest write access to the Elderly Care section only, not administration of the whole intranet.',
    accessAnswers,
  );
  await editorRights.revise(bert, {
    answers: {
      ...accessAnswers,
      personName: 'Maja Lund',
      personEmail: mail('maja.lund'),
      justification: 'Publishes shift news and changes to routines for the night staff of the three care homes.',
      approverEmail: mail('bert'),
    },
    followedAdvice: true,
  });
  await editorRights.accept(dan);

  return [archive, readingArticle, editorRights];
}

async function cancelledOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { anna, bert, sara, carla, chris } = ctx.world.users;
  const order = starter(ctx);

  const holidayFlyer = await order('sara', 'flyer', {
    title: 'Flyer: holiday activities for children',
    purpose:
      'Let families with little money know about the free holiday activities, so that their children have something to do during the holiday.',
    answers: {
      format: 'a5_flyer',
      copies: 1500,
      audience: 'Families with children aged 6–12 who receive income support',
      languages: ['en', 'ar', 'uk'],
      distribution: ['own_staff', 'libraries'],
      textReady: false,
    },
  });
  await holidayFlyer.submit(sara);
  await holidayFlyer.advise(
    carla,
    'The leisure department prints a holiday activities brochure for every family before each school holiday. Adding your activities there reaches the same families at no cost, and they find everything in one place.',
  );
  await holidayFlyer.cancel(sara, 'Good point: we will add our activities to the leisure department’s brochure instead.');

  const visitingHours = await order('bert', 'event', {
    title: 'Information evening about the new visiting hours',
    purpose:
      'Explain the new visiting hours to relatives and answer their concerns in person, so that the change does not lead to fewer visits.',
    answers: {
      eventDate: day(30),
      eventType: 'public_meeting',
      attendees: 90,
      supportNeeded: ['invitation', 'moderation'],
      venue: 'Elm Court dining hall',
      successMeasure: 'Relatives leave knowing the new hours and feel their concerns were heard.',
    },
  });
  await visitingHours.submit(bert);
  await visitingHours.accept(chris);
  await visitingHours.cancel(bert, 'Postponed: the board has delayed its decision on the new visiting hours until its next meeting.');

  const substituteAccess = await order('anna', 'access', {
    title: 'Pupil records access for a substitute teacher',
    purpose: 'Let the substitute teacher in class 2B record attendance, so that the school knows every morning which pupils are missing.',
    answers: {
      system: 'pupil_records',
      personName: 'Oskar Lind',
      personEmail: mail('oskar.lind'),
      accessLevel: 'write',
      justification: 'Records daily attendance for class 2B while the class teacher is on leave.',
      temporary: true,
      accessUntil: day(30),
      approverEmail: mail('petra'),
    },
  });
  await substituteAccess.submit(anna);
  await substituteAccess.cancel(anna, 'The substitute’s assignment ended earlier than planned; the access is no longer needed.');

  return [holidayFlyer, visitingHours, substituteAccess];
}

async function submittedOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { anna, bert, sara } = ctx.world.users;
  const order = starter(ctx);

  const socialWorkers = await order('sara', 'recruitment', {
    title: 'Two social workers for the children and families team',
    purpose:
      'Fill two vacant social worker posts so that child-protection investigations are again completed within the legal four months.',
    answers: {
      jobTitle: 'Social worker, children and families',
      positions: 2,
      employmentType: 'permanent',
      mustHave: 'Degree in social work. Experience of child-protection investigations is an advantage but not required.',
      channels: ['municipal_site', 'job_board', 'professional_press'],
      applicationDeadline: day(30),
      showSalary: true,
      hiringManagerEmail: mail('sara'),
    },
  });
  await socialWorkers.submit(sara);

  const agencyNurse = await order('bert', 'access', {
    title: 'Care planning access for the agency night nurse',
    purpose:
      'Let the agency nurse covering night shifts at Elm Court document medication and care, so that residents’ records stay complete at night.',
    desiredDate: day(4),
    answers: {
      system: 'care_planning',
      personName: 'Piotr Nowak',
      personEmail: 'piotr.nowak@carestaff-agency.example',
      accessLevel: 'write',
      justification: 'Documents medication rounds and care for 28 residents at Elm Court on night shifts.',
      temporary: true,
      accessUntil: day(60),
      approverEmail: mail('bert'),
    },
  });
  await agencyNurse.submit(bert);

  const parentsEvening = await order('anna', 'event', {
    title: 'Parents’ evening on the new reading programme',
    purpose:
      'Explain the reading programme to parents of grades 1–3 and show how they can read with their children at home, so that more children read every day.',
    answers: {
      eventDate: day(30),
      eventType: 'public_meeting',
      attendees: 80,
      supportNeeded: ['invitation', 'moderation'],
      venue: 'School library, Eastbrook Primary School',
      successMeasure: 'Half of the parents of grades 1–3 attend, and the library lends more books for home reading in the following month.',
    },
  });
  await parentsEvening.submit(anna);

  return [socialWorkers, agencyNurse, parentsEvening];
}

async function inConsultationOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { anna, bert, sara, carla, dan, hanna } = ctx.world.users;
  const order = starter(ctx);

  const cyclePosters = await order('anna', 'flyer', {
    title: 'Posters: walk or cycle to school',
    purpose:
      'Get more pupils to walk or cycle to school, so that there are fewer cars at the school gate and the crossing is safer in the mornings.',
    answers: {
      format: 'a3_poster',
      copies: 2000,
      audience: 'Parents and pupils of Eastbrook Primary School',
      languages: ['en'],
      distribution: ['own_staff', 'noticeboards'],
      textReady: false,
    },
  });
  await cyclePosters.submit(anna);
  await cyclePosters.advise(
    carla,
    '2,000 A3 posters is far more than the school can put up: about 40 cover every entrance and classroom. Parents, who decide how children get to school, are reached better by an A5 flyer in pupils’ bags, in the languages spoken at home.',
    { format: 'a5_flyer', copies: 450, languages: ['en', 'ar', 'so', 'uk'] },
  );

  const nightLaptop = await order('bert', 'laptop', {
    title: 'Laptop for the new night-shift coordinator',
    purpose:
      'Give the new night-shift coordinator a laptop from her first night, so that she can reorganise rosters and document incidents without going to the office.',
    answers: {
      userName: 'Karin Dahl',
      userEmail: mail('karin.dahl'),
      reason: 'new_employee',
      startDate: day(12),
      workProfile: 'heavy',
      specialSoftware: 'Rostering and care planning.',
      needsDock: true,
    },
  });
  await nightLaptop.submit(bert);
  await nightLaptop.advise(
    dan,
    'Rostering and care planning run well on the standard laptops. The heavy model costs twice as much and weighs 2.4 kg, which matters on night rounds between the units; we suggest the light mobile model.',
    { workProfile: 'mobile' },
  );
  await nightLaptop.reply(bert, 'Thanks. I will check with Karin which rooms she works from before deciding.');

  const weekendWorkers = await order('sara', 'recruitment', {
    title: 'Family support workers for the weekend service',
    purpose:
      'Staff the new weekend family support service, so that families in crisis get help on Saturdays and Sundays instead of waiting until Monday.',
    answers: {
      jobTitle: 'Family support worker, weekends',
      positions: 3,
      employmentType: 'fixed_term',
      fixedTermMonths: 12,
      mustHave: 'Degree in social work or social care. Driving licence. Three years of experience with families.',
      channels: ['municipal_site', 'job_board'],
      applicationDeadline: day(28),
      showSalary: true,
      hiringManagerEmail: mail('sara'),
    },
  });
  await weekendWorkers.submit(sara);
  await weekendWorkers.ask(
    hanna,
    'Is the driving licence truly required, and are three years of experience needed? Each requirement narrows the pool; many newly qualified social workers are looking for exactly this kind of post.',
  );

  return [cyclePosters, nightLaptop, weekendWorkers];
}

async function draftOrders(ctx: DemoOrderContext): Promise<DemoOrderFlow[]> {
  const { sara } = ctx.world.users;
  const order = starter(ctx);

  const openDayFlyer = await order('anna', 'flyer', {
    title: 'Flyer for the school open day',
    purpose: 'Invite families with children starting school next year to visit, so they choose our school with confidence.',
    desiredDate: day(30),
    answers: { format: 'a4_flyer', audience: 'Families with children starting school next year' },
  });

  const dementiaLaptop = await order('bert', 'laptop', {
    title: 'Laptop for the new dementia nurse',
    purpose:
      'Equip the new dementia nurse to document assessments during home visits, so that families get a care plan after the first visit.',
    answers: { reason: 'new_employee' },
  });

  // Saved early with a working title, then filled in: drafts can be saved as often as needed.
  const dropIn = await order('sara', 'news', {
    title: 'Article about the family centre',
    purpose: 'Tell colleagues about the family centre so they can refer families to it.',
    answers: {},
  });
  await dropIn.edit(sara, {
    title: 'Article: new drop-in hours at the family centre',
    purpose:
      'Tell colleagues in schools and care about the new evening drop-in hours at the family centre, so that they can refer working parents who cannot come during the day.',
    answers: {
      audience: ['all_staff'],
      keyMessage: 'The family centre is now open for drop-in visits on Tuesday and Thursday evenings until 20:00.',
      actionWanted: 'know',
    },
  });

  return [openDayFlyer, dementiaLaptop, dropIn];
}
