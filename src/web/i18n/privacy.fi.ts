import type { privacyEn } from './privacy.en';

export const privacyFi: Record<keyof typeof privacyEn, string> = {
  'layout.footer.yourData': 'Omat tietosi',
  'design.service.retentionYears': 'Henkilötietojen säilytysaika (vuotta)',
  'design.service.retentionYearsHint':
    'Kuinka monta vuotta palvelun tilauksen sulkemisen tai peruuttamisen jälkeen sen henkilötiedot ja tiedostot poistetaan. Jätä tyhjäksi, niin noudatetaan organisaation asetusta.',
  'privacy.formerUser': 'Entinen käyttäjä',
  'privacy.data.title': 'Omat tietosi',
  'privacy.data.lead':
    'Lataa kaikki, mitä palvelu sinusta säilyttää: käyttäjätilisi, jäsenyytesi, istuntosi, tekemäsi tilaukset, kirjoittamasi viestit, ilmoituksesi ja asetuksesi, sinulle lähetetyt sähköpostit ja sinua koskevat lokitapahtumat.',
  'privacy.data.json': 'Lataa tietosi (JSON)',
  'privacy.data.zip': 'Lataa tietosi ja tiedostosi (zip)',
  'privacy.data.zipHint': 'Zip-tiedostossa on sama JSON ja tilauksiin lataamasi tiedostot.',
  'privacy.data.erasure':
    'Jos haluat tietosi poistettavan, pyydä pääkäyttäjää. Tilaukset ja niihin kirjoittamasi jäävät organisaation asiakirjoiksi nimellä ”Entinen käyttäjä”.',
  'privacy.admin.title': 'Henkilötiedot',
  'privacy.admin.exportJson': 'Vie henkilön tiedot (JSON)',
  'privacy.admin.exportZip': 'Vie henkilön tiedot ja tiedostot (zip)',
  'privacy.admin.erase': 'Poista henkilö',
  'privacy.admin.erased': 'Henkilö on poistettu. Säilyvissä tiedoissa näkyy ”Entinen käyttäjä”.',
  'privacy.erase.title': 'Poistetaanko {name}?',
  'privacy.erase.consequences': 'Mitä tapahtuu',
  'privacy.erase.gone': 'Nimi, sähköpostiosoite ja kertakirjautumisen linkki poistetaan; tilillä ei voi enää koskaan kirjautua.',
  'privacy.erase.sessions': 'Istunnot, ilmoitukset, ilmoitusasetukset ja henkilölle lähetetyt sähköpostit poistetaan.',
  'privacy.erase.memberships': 'Jäsenyydet päättyvät, ja henkilölle osoitetut tilaukset vapautuvat.',
  'privacy.erase.kept':
    'Henkilön tekemät tilaukset, viestit, palautteet ja jälkiarvioinnit jäävät organisaation asiakirjoiksi nimellä ”Entinen käyttäjä”.',
  'privacy.erase.audit': 'Poisto kirjataan lokiin perusteluinesi, ilman henkilön nimeä tai osoitetta.',
  'privacy.erase.final': 'Poistoa ei voi perua.',
  'privacy.erase.reason': 'Poiston peruste',
  'privacy.erase.reasonHint': 'Esimerkiksi henkilön pyynnön päivämäärä ja tunnus. Säilytetään lokissa.',
  'privacy.erase.confirm': 'Poista henkilö',
  'privacy.erase.cancel': 'Peruuta',
  'privacy.erase.blocked': 'Henkilöä ei voi vielä poistaa',
};
