// Mail subjects and bodies in the recipient's language: pure, no NestJS or TypeORM.
import type { Language } from '../../common/language';

type Phrases = Record<Language, string>;

/** What happened, as a short sentence per event type and language. */
const HEADLINES: Record<string, Phrases> = {
  'order.submitted': { en: 'New order submitted', fi: 'Uusi tilaus lähetetty', sv: 'Ny beställning inskickad' },
  'order.question_asked': { en: 'A question about your order', fi: 'Kysymys tilauksestasi', sv: 'En fråga om din beställning' },
  // order.question_asked of a requester's message, told to the delivering unit.
  'order.question_asked.requester': {
    en: 'A message from the requester',
    fi: 'Viesti tilaajalta',
    sv: 'Ett meddelande från beställaren',
  },
  'order.question_answered': { en: 'Question answered', fi: 'Kysymykseen vastattu', sv: 'Frågan besvarad' },
  'order.advised': { en: 'Advice on your order', fi: 'Neuvoja tilaukseesi', sv: 'Råd om din beställning' },
  // Revising needs no advice (the requester may revise after a question): the wording says only what happened.
  'order.revised': {
    en: 'Order revised and back with your unit',
    fi: 'Tilausta muokattu, ja se on taas yksikössänne',
    sv: 'Beställningen ändrad och tillbaka hos er enhet',
  },
  'message.posted': { en: 'New message on the order', fi: 'Uusi viesti tilauksessa', sv: 'Nytt meddelande i beställningen' },
  'order.kept': { en: 'Order kept as it was', fi: 'Tilaus pidetty ennallaan', sv: 'Beställningen behölls som den var' },
  'order.transferred': {
    en: 'Order transferred to your unit',
    fi: 'Tilaus siirretty yksikköönne',
    sv: 'Beställningen överförd till er enhet',
  },
  'order.accepted': { en: 'Your order was accepted', fi: 'Tilauksesi on vahvistettu', sv: 'Din beställning har bekräftats' },
  'order.change_requested': { en: 'Change requested', fi: 'Muutosta pyydetty', sv: 'Ändring begärd' },
  'order.change_decided': { en: 'Change request decided', fi: 'Muutospyyntö ratkaistu', sv: 'Ändringsbegäran avgjord' },
  'order.delivered': { en: 'Your order was delivered', fi: 'Tilauksesi on toimitettu', sv: 'Din beställning har levererats' },
  'order.reopened': { en: 'Order reopened', fi: 'Tilaus avattu uudelleen', sv: 'Beställningen öppnad igen' },
  'order.cancelled': { en: 'Order cancelled', fi: 'Tilaus peruttu', sv: 'Beställningen avbruten' },
  'order.overdue': { en: 'Order overdue', fi: 'Tilaus myöhässä', sv: 'Beställningen är försenad' },
  'attachment.added': { en: 'Files added to the order', fi: 'Tilaukseen lisättiin tiedostoja', sv: 'Filer tillagda i beställningen' },
  'recommendation.pending': {
    en: 'A recommendation waits for your unit',
    fi: 'Suositus odottaa yksikköänne',
    sv: 'En rekommendation väntar på er enhet',
  },
  'retrospective.written': {
    en: 'The retrospective of your order is ready to read',
    fi: 'Tilauksesi jälkiarvio on luettavissa',
    sv: 'Återblicken på din beställning kan läsas',
  },
  'feedback.given': { en: 'Feedback from the requester', fi: 'Palautetta tilaajalta', sv: 'Återkoppling från beställaren' },
  'reminder.retrospective': {
    en: 'Reminder: write the retrospective',
    fi: 'Muistutus: kirjoita jälkiarvio',
    sv: 'Påminnelse: skriv återblicken',
  },
  'reminder.feedback': { en: 'Reminder: give feedback', fi: 'Muistutus: anna palautetta', sv: 'Påminnelse: ge återkoppling' },
  'idea.created': { en: 'A new idea for your unit', fi: 'Uusi idea yksiköllenne', sv: 'En ny idé till er enhet' },
  'idea.answered': { en: 'An idea you follow was answered', fi: 'Seuraamaasi ideaan vastattiin', sv: 'En idé du följer har besvarats' },
  'idea.overdue': {
    en: 'An idea waits for your answer past its date',
    fi: 'Idea odottaa vastaustanne yli määräajan',
    sv: 'En idé väntar på ert svar efter sitt datum',
  },
  'survey.sent': { en: 'A survey waits for you', fi: 'Kysely odottaa sinua', sv: 'En enkät väntar på dig' },
};

const WORDS = {
  open: { en: 'Open the order', fi: 'Avaa tilaus', sv: 'Öppna beställningen' },
  openPage: { en: 'Open it in the service', fi: 'Avaa palvelussa', sv: 'Öppna i tjänsten' },
  due: { en: 'Due date', fi: 'Eräpäivä', sv: 'Förfallodag' },
  files: { en: 'Files', fi: 'Tiedostot', sv: 'Filer' },
  wrote: { en: 'wrote', fi: 'kirjoitti', sv: 'skrev' },
  reply: {
    en: 'You can answer this mail: your reply is added to the order.',
    fi: 'Voit vastata tähän viestiin: vastauksesi lisätään tilaukseen.',
    sv: 'Du kan svara på detta meddelande: ditt svar läggs till i beställningen.',
  },
  hello: { en: 'Hello', fi: 'Hei', sv: 'Hej' },
  footer: {
    en: 'You get this mail because of your role in this order. Choose which notifications you get under your notification preferences.',
    fi: 'Saat tämän viestin roolisi vuoksi tässä tilauksessa. Voit valita saamasi ilmoitukset ilmoitusasetuksistasi.',
    sv: 'Du får detta meddelande på grund av din roll i beställningen. Välj vilka aviseringar du får i dina aviseringsinställningar.',
  },
  digest: { en: 'Your notifications of the day', fi: 'Päivän ilmoituksesi', sv: 'Dagens aviseringar' },
} satisfies Record<string, Phrases>;

export function headline(type: string, language: Language): string {
  return HEADLINES[type]?.[language] ?? type;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One event's mail: `[REF] Headline: title`, with a link to the order. */
export function eventMail(
  type: string,
  language: Language,
  o: {
    name: string;
    reference: string;
    title: string;
    link: string;
    dueDate?: string | null;
    /** Files the mail tells of: their names and links (never the files themselves). */
    files?: Array<{ name: string; link: string }>;
    /** The message the mail is about: who wrote it and its text, carried whole. */
    message?: { author: string; body: string } | null;
    /** The mail carries a Reply-To that takes answers: say so. */
    replies?: boolean;
  },
): MailContent {
  const head = headline(type, language);
  // Ideas and surveys have no order reference: their subject is the headline and the title.
  const subject = o.reference ? `[${o.reference}] ${head}: ${o.title}` : `${head}: ${o.title}`;
  const about = o.reference ? `${o.reference} ${o.title}` : o.title;
  const open = o.reference ? WORDS.open[language] : WORDS.openPage[language];
  const due = o.dueDate ? `${WORDS.due[language]}: ${o.dueDate}` : null;
  const files = o.files ?? [];
  const message = o.message ?? null;
  const wrote = message ? `${message.author} ${WORDS.wrote[language]}:` : null;
  const text = [
    `${WORDS.hello[language]} ${o.name},`,
    '',
    `${head}: ${about}`,
    ...(due ? [due] : []),
    ...(message ? ['', wrote!, '', message.body] : []),
    ...(files.length ? ['', `${WORDS.files[language]}:`, ...files.map((f) => `- ${f.name}: ${f.link}`)] : []),
    '',
    `${open}: ${o.link}`,
    ...(o.replies ? ['', WORDS.reply[language]] : []),
    '',
    WORDS.footer[language],
  ].join('\n');
  const html = [
    `<p>${escapeHtml(WORDS.hello[language])} ${escapeHtml(o.name)},</p>`,
    `<p><strong>${escapeHtml(head)}</strong>: ${escapeHtml(about)}</p>`,
    ...(due ? [`<p>${escapeHtml(due)}</p>`] : []),
    ...(message
      ? [`<p>${escapeHtml(wrote!)}</p>`, `<blockquote style="white-space: pre-line">${escapeHtml(message.body)}</blockquote>`]
      : []),
    ...(files.length
      ? [
          `<p>${escapeHtml(WORDS.files[language])}:</p>`,
          '<ul>',
          ...files.map((f) => `<li><a href="${escapeHtml(f.link)}">${escapeHtml(f.name)}</a></li>`),
          '</ul>',
        ]
      : []),
    `<p><a href="${escapeHtml(o.link)}">${escapeHtml(open)}</a></p>`,
    ...(o.replies ? [`<p>${escapeHtml(WORDS.reply[language])}</p>`] : []),
    `<p><small>${escapeHtml(WORDS.footer[language])}</small></p>`,
  ].join('\n');
  return { subject, text, html };
}

/** The daily digest: one line and link per notification. */
export function digestMail(
  language: Language,
  name: string,
  items: { type: string; reference: string | null; title: string; link: string | null }[],
): MailContent {
  const lines = items.map((i) => `- ${headline(i.type, language)}: ${i.reference ?? ''} ${i.title}${i.link ? ` ${i.link}` : ''}`);
  const text = [`${WORDS.hello[language]} ${name},`, '', ...lines, '', WORDS.footer[language]].join('\n');
  const html = [
    `<p>${escapeHtml(WORDS.hello[language])} ${escapeHtml(name)},</p>`,
    '<ul>',
    ...items.map(
      (i) =>
        `<li>${escapeHtml(headline(i.type, language))}: ${
          i.link ? `<a href="${escapeHtml(i.link)}">${escapeHtml(`${i.reference ?? ''} ${i.title}`)}</a>` : escapeHtml(i.title)
        }</li>`,
    ),
    '</ul>',
    `<p><small>${escapeHtml(WORDS.footer[language])}</small></p>`,
  ].join('\n');
  return { subject: `${WORDS.digest[language]} (${items.length})`, text, html };
}
