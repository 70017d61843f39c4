// The callers the property tests draw from: every kind of principal the policy knows,
// a purpose chosen by header among several, a SaaS client with and without an employee.
export interface PropertyPersona {
  claims: Record<string, unknown>;
  /** The purpose the persona ends up with, or none. */
  purpose?: string;
  header?: string;
}

export const PROPERTY_PERSONAS: readonly PropertyPersona[] = [
  { claims: { sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'] }, purpose: 'wmo-aanvraag' },
  { claims: { sub: 'medewerker-parkeren', client_id: 'procesapp', roles: ['parkeren'] }, purpose: 'parkeervergunning' },
  { claims: { sub: 'medewerker-wmo-historie', client_id: 'procesapp', roles: ['wmo-woonhistorie'] }, purpose: 'wmo-woonhistorie' },
  { claims: { sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] }, purpose: 'brp-volledig' },
  { claims: { sub: 'medewerker-loket', client_id: 'procesapp', roles: ['wmo-en-parkeren'] }, purpose: 'parkeervergunning', header: 'parkeervergunning' },
  { claims: { sub: 'medewerker-loket', client_id: 'procesapp', roles: ['wmo-en-parkeren'] }, purpose: 'wmo-aanvraag', header: 'wmo-aanvraag' },
  { claims: { sub: 'medewerker-wmo', client_id: 'saas-zaaksysteem', roles: ['wmo-consulent'], act: { sub: 'saas-zaaksysteem' } }, purpose: 'wmo-aanvraag' },
  { claims: { sub: 'saas-zaaksysteem', client_id: 'saas-zaaksysteem' }, purpose: undefined },
];
