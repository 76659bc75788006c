/**
 * English messages of the privacy pages (your data; an admin's export and erasure), spread
 * into en.ts; privacy.fi.ts and privacy.sv.ts have the same keys.
 */
export const privacyEn = {
  'layout.footer.yourData': 'Your data',
  'design.service.retentionYears': 'Keep personal data for (years)',
  'design.service.retentionYearsHint':
    'Years after an order of this service is closed or cancelled that its personal data and files are removed. Leave empty to follow the organisation’s setting.',
  'privacy.formerUser': 'Former user',
  'privacy.data.title': 'Your data',
  'privacy.data.lead':
    'Download everything this service holds about you: your account, memberships, sessions, the orders you placed, what you wrote, your notifications and preferences, the mails sent to you and the audit events about you.',
  'privacy.data.json': 'Download your data (JSON)',
  'privacy.data.zip': 'Download your data with your files (zip)',
  'privacy.data.zipHint': 'The zip holds the same JSON and the files you uploaded to orders.',
  'privacy.data.erasure':
    'To be erased, ask an administrator. Orders and what you wrote on them stay as the organisation’s record, under “Former user”.',
  'privacy.admin.title': 'Personal data',
  'privacy.admin.exportJson': 'Export their data (JSON)',
  'privacy.admin.exportZip': 'Export their data with their files (zip)',
  'privacy.admin.erase': 'Erase this person',
  'privacy.admin.erased': 'This person was erased. The records that stay show “Former user”.',
  'privacy.erase.title': 'Erase {name}?',
  'privacy.erase.consequences': 'What happens',
  'privacy.erase.gone': 'Their name, e-mail address and single sign-on link are removed; the account can never sign in again.',
  'privacy.erase.sessions': 'Their sessions, notifications, notification preferences and the mails sent to them are deleted.',
  'privacy.erase.memberships': 'Their memberships end, and the orders assigned to them are released.',
  'privacy.erase.kept':
    'Orders they placed, their messages, feedback and retrospectives stay as the organisation’s record, shown as “Former user”.',
  'privacy.erase.audit': 'The erasure is recorded in the audit log with your reason, without their name or address.',
  'privacy.erase.final': 'This cannot be undone.',
  'privacy.erase.reason': 'Reason for the erasure',
  'privacy.erase.reasonHint': 'For example the date and reference of the person’s request. Kept in the audit log.',
  'privacy.erase.confirm': 'Erase this person',
  'privacy.erase.cancel': 'Cancel',
  'privacy.erase.blocked': 'This person cannot be erased yet',
} as const;
