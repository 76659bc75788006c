// The mails sent back to whoever wrote in, in en, fi and sv. Pure: no NestJS or TypeORM.
import type { Language } from '../../common/language';

/** Why a mail created nothing, as the sender is told (and the log records). */
export const REFUSALS = [
  /** To REPLY_ADDRESS without a tag, or with a tag that is neither a token nor an alias. */
  'unknown_target',
  /** The token is not one we signed. */
  'bad_token',
  /** No active user has the sender's address. */
  'unknown_sender',
  /** The sender is not the person the token was made for. */
  'not_recipient',
  /** The order is closed or cancelled (or no longer visible to the sender). */
  'order_closed',
  /** The order is in a status where the sender may not write. */
  'not_allowed_now',
  /** Nothing was left once the quoted text and signature were taken off. */
  'empty',
  /** No active service has this alias. */
  'unknown_alias',
  /** Orders by mail come from a user with a requester membership. */
  'not_requester',
] as const;
export type Refusal = (typeof REFUSALS)[number];

type Phrases = Record<Language, string>;

const EXPLANATIONS: Record<Refusal, Phrases> = {
  unknown_target: {
    en: 'This address takes replies to mails about an order, and new orders sent to a service’s own address. Your mail was neither, so nothing was done with it.',
    fi: 'Tähän osoitteeseen voi vastata tilausta koskeviin viesteihin tai lähettää uuden tilauksen palvelun omaan osoitteeseen. Viestisi ei ollut kumpaakaan, joten sille ei tehty mitään.',
    sv: 'Den här adressen tar emot svar på meddelanden om en beställning och nya beställningar till en tjänsts egen adress. Ditt meddelande var inget av dem, så inget gjordes med det.',
  },
  bad_token: {
    en: 'The address you wrote to is not one we sent. Reply to a mail about the order, or write on the order’s page.',
    fi: 'Osoite, johon kirjoitit, ei ole lähettämämme. Vastaa tilausta koskevaan viestiin tai kirjoita tilauksen sivulla.',
    sv: 'Adressen du skrev till är inte en som vi skickat. Svara på ett meddelande om beställningen eller skriv på beställningens sida.',
  },
  unknown_sender: {
    en: 'We do not know the address you wrote from. Write from the address of your account, or sign in and write on the order’s page.',
    fi: 'Emme tunne osoitetta, josta kirjoitit. Kirjoita käyttäjätilisi osoitteesta tai kirjaudu sisään ja kirjoita tilauksen sivulla.',
    sv: 'Vi känner inte igen adressen du skrev från. Skriv från adressen för ditt konto, eller logga in och skriv på beställningens sida.',
  },
  not_recipient: {
    en: 'The mail you answered was sent to someone else. Only its recipient can reply to it by mail; sign in and write on the order’s page.',
    fi: 'Viesti, johon vastasit, lähetettiin jollekulle toiselle. Vain sen vastaanottaja voi vastata siihen sähköpostilla; kirjaudu sisään ja kirjoita tilauksen sivulla.',
    sv: 'Meddelandet du svarade på skickades till någon annan. Bara mottagaren kan svara på det per e-post; logga in och skriv på beställningens sida.',
  },
  order_closed: {
    en: 'The order is closed or cancelled, so your reply was not added to it. Start a new order if something is still needed.',
    fi: 'Tilaus on suljettu tai peruttu, joten vastaustasi ei lisätty siihen. Tee uusi tilaus, jos jotain vielä tarvitaan.',
    sv: 'Beställningen är stängd eller avbruten, så ditt svar lades inte till. Gör en ny beställning om något fortfarande behövs.',
  },
  not_allowed_now: {
    en: 'Messages cannot be added to the order in its present state, so your reply was not added. Open the order to see where it stands.',
    fi: 'Tilaukseen ei voi nyt lisätä viestejä, joten vastaustasi ei lisätty. Avaa tilaus nähdäksesi sen tilanteen.',
    sv: 'Meddelanden kan inte läggas till beställningen i dess nuvarande läge, så ditt svar lades inte till. Öppna beställningen för att se var den står.',
  },
  empty: {
    en: 'Your reply had no text of its own once the quoted mail was taken off, so nothing was added. Write your answer above the quoted mail.',
    fi: 'Vastauksessasi ei ollut omaa tekstiä lainatun viestin poistamisen jälkeen, joten mitään ei lisätty. Kirjoita vastauksesi lainatun viestin yläpuolelle.',
    sv: 'Ditt svar hade ingen egen text när det citerade meddelandet togs bort, så inget lades till. Skriv ditt svar ovanför det citerade meddelandet.',
  },
  unknown_alias: {
    en: 'No service has the address you wrote to. Find the service in the catalog and order it there.',
    fi: 'Millään palvelulla ei ole osoitetta, johon kirjoitit. Etsi palvelu palveluluettelosta ja tilaa se sieltä.',
    sv: 'Ingen tjänst har adressen du skrev till. Hitta tjänsten i katalogen och beställ den där.',
  },
  not_requester: {
    en: 'Orders by mail are taken from people who may order for a unit. Ask your unit to add you as a requester, or order on the site.',
    fi: 'Sähköpostitilauksia otetaan vastaan henkilöiltä, jotka voivat tilata yksikön puolesta. Pyydä yksikköäsi lisäämään sinut tilaajaksi tai tilaa sivustolla.',
    sv: 'Beställningar per e-post tas emot från personer som får beställa för en enhet. Be din enhet lägga till dig som beställare, eller beställ på webbplatsen.',
  },
};

const WORDS = {
  refusedSubject: { en: 'Your mail was not added', fi: 'Viestiäsi ei lisätty', sv: 'Ditt meddelande lades inte till' },
  draftSubject: { en: 'Finish your order', fi: 'Viimeistele tilauksesi', sv: 'Slutför din beställning' },
  draftBody: {
    en: 'Your mail started a draft order. A few questions about it help the support unit deliver what you need: answer them and submit the order here:',
    fi: 'Viestisi aloitti tilausluonnoksen. Muutama kysymys auttaa tukiyksikköä toimittamaan sen, mitä tarvitset: vastaa niihin ja lähetä tilaus täällä:',
    sv: 'Ditt meddelande påbörjade ett beställningsutkast. Några frågor hjälper stödenheten att leverera det du behöver: svara på dem och skicka beställningen här:',
  },
  hello: { en: 'Hello', fi: 'Hei', sv: 'Hej' },
  once: {
    en: 'This is an automatic answer, sent at most once a day.',
    fi: 'Tämä on automaattinen vastaus, joka lähetetään enintään kerran päivässä.',
    sv: 'Detta är ett automatiskt svar som skickas högst en gång per dag.',
  },
  site: { en: 'Support orders', fi: 'Tukipalvelutilaukset', sv: 'Stödbeställningar' },
} satisfies Record<string, Phrases>;

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Why a mail created nothing, to its sender; `about`: the subject of their mail. */
export function refusalMail(reason: Refusal, language: Language, about: string, link: string): MailContent {
  const subject = `${WORDS.refusedSubject[language]}: ${about}`.slice(0, 200);
  const text = `${EXPLANATIONS[reason][language]}\n\n${link}\n\n${WORDS.once[language]}\n`;
  const html =
    `<p>${escapeHtml(EXPLANATIONS[reason][language])}</p>` +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(WORDS.site[language])}</a></p>` +
    `<p>${escapeHtml(WORDS.once[language])}</p>`;
  return { subject, text, html };
}

/** The answer to an order by mail: a link to the draft, whose questionnaire is still to be answered. */
export function draftStartedMail(language: Language, name: string, reference: string, title: string, link: string): MailContent {
  const subject = `[${reference}] ${WORDS.draftSubject[language]}: ${title}`.slice(0, 200);
  const text = `${WORDS.hello[language]} ${name},\n\n${WORDS.draftBody[language]}\n\n${link}\n`;
  const html =
    `<p>${escapeHtml(WORDS.hello[language])} ${escapeHtml(name)},</p>` +
    `<p>${escapeHtml(WORDS.draftBody[language])}</p>` +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(`${reference}: ${title}`)}</a></p>`;
  return { subject, text, html };
}
