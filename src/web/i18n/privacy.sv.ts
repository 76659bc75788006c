import type { privacyEn } from './privacy.en';

export const privacySv: Record<keyof typeof privacyEn, string> = {
  'layout.footer.yourData': 'Dina uppgifter',
  'design.service.retentionYears': 'Spara personuppgifter i (år)',
  'design.service.retentionYearsHint':
    'Antal år efter att en beställning av tjänsten stängts eller avbrutits innan dess personuppgifter och filer tas bort. Lämna tomt för att följa organisationens inställning.',
  'privacy.formerUser': 'Tidigare användare',
  'privacy.data.title': 'Dina uppgifter',
  'privacy.data.lead':
    'Ladda ner allt tjänsten har om dig: ditt konto, dina medlemskap, sessioner, beställningarna du gjort, det du skrivit, dina aviseringar och inställningar, e-post som skickats till dig och loggposter om dig.',
  'privacy.data.json': 'Ladda ner dina uppgifter (JSON)',
  'privacy.data.zip': 'Ladda ner dina uppgifter med dina filer (zip)',
  'privacy.data.zipHint': 'Zip-filen innehåller samma JSON och filerna du laddat upp till beställningar.',
  'privacy.data.erasure':
    'Vill du bli raderad, be en administratör. Beställningar och det du skrivit på dem finns kvar som organisationens handlingar, som ”Tidigare användare”.',
  'privacy.admin.title': 'Personuppgifter',
  'privacy.admin.exportJson': 'Exportera personens uppgifter (JSON)',
  'privacy.admin.exportZip': 'Exportera personens uppgifter med filer (zip)',
  'privacy.admin.erase': 'Radera personen',
  'privacy.admin.erased': 'Personen har raderats. Handlingarna som finns kvar visar ”Tidigare användare”.',
  'privacy.erase.title': 'Radera {name}?',
  'privacy.erase.consequences': 'Vad som händer',
  'privacy.erase.gone': 'Namn, e-postadress och koppling till engångsinloggning tas bort; kontot kan aldrig logga in igen.',
  'privacy.erase.sessions': 'Sessioner, aviseringar, aviseringsinställningar och e-post som skickats till personen raderas.',
  'privacy.erase.memberships': 'Medlemskapen upphör, och beställningar som tilldelats personen frigörs.',
  'privacy.erase.kept':
    'Beställningar personen gjort, meddelanden, återkoppling och utvärderingar finns kvar som organisationens handlingar, som ”Tidigare användare”.',
  'privacy.erase.audit': 'Raderingen loggas med ditt skäl, utan personens namn eller adress.',
  'privacy.erase.final': 'Det går inte att ångra.',
  'privacy.erase.reason': 'Skäl till raderingen',
  'privacy.erase.reasonHint': 'Till exempel datum och referens för personens begäran. Sparas i loggen.',
  'privacy.erase.confirm': 'Radera personen',
  'privacy.erase.cancel': 'Avbryt',
  'privacy.erase.blocked': 'Personen kan inte raderas ännu',
};
