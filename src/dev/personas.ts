// Development personas: who you can be when exploring the facade with the development IdP.
// Plain data, so `npm run token -- --list` and the sandbox's persona picker can show them and
// a new persona is one more entry. The dev IdP issues tokens for them; nothing in production
// reads this file.
import type { DenialReason } from '../base/errors/vocabulary.ts';

/** The Edu-V refusals a demo persona exists to show (one layer each). */
export type DemonstratedDenial = Extract<DenialReason, 'SCOPE_NOT_REGISTERED' | 'ACTIVATION_PENDING' | 'PROCESSING_AGREEMENT_REQUIRED'>;

interface PersonaBase {
  /** What you type: `npm run token -- <name>`. */
  name: string;
  /** One line: who this is and what the persona is for. */
  description: string;
  /**
   * The refusal this persona exists to show, on the students exchange of the demo's school
   * (`students(onderwijsaanbieder: "110A133")`). Data rather than a name, so the checks of
   * test/eduv-personas.test.ts know it: only a persona declaring SCOPE_NOT_REGISTERED may ask
   * for scopes beyond its client's registration, and each declared refusal is what explain says.
   */
  demonstrates?: DemonstratedDenial;
}

/** An employee using a process application: a user token (`sub` = employee). */
export interface UserPersona extends PersonaBase {
  kind: 'user';
  /** The employee id, the token's `sub`. */
  subject: string;
  /** The application the employee signs in to: the token's `client_id`. */
  clientId: string;
  roles: readonly string[];
  acr?: string;
  scopes?: readonly string[];
  /** Further claims, e.g. `organisation`. */
  claims?: Readonly<Record<string, string>>;
}

/** A machine client with its own client-credentials token (`sub` = `client_id`). */
export interface ClientPersona extends PersonaBase {
  kind: 'client';
  clientId: string;
  scopes?: readonly string[];
}

/** An application acting for an employee: RFC 8693 token exchange of a user persona's token. */
export interface DelegatedPersona extends PersonaBase {
  kind: 'delegated';
  /** The user persona whose token is exchanged. */
  subjectPersona: string;
  /** The client that exchanges it and becomes `act.sub` and `client_id`. */
  actorClientId: string;
}

export type Persona = UserPersona | ClientPersona | DelegatedPersona;

export const EIDAS_SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';

export const PERSONAS: readonly Persona[] = [
  {
    name: 'burgerzaken',
    kind: 'user',
    description: 'Employee of Burgerzaken in the process application',
    subject: 'medewerker-burgerzaken',
    clientId: 'procesapp',
    roles: ['burgerzaken'],
  },
  {
    name: 'wmo-woonhistorie',
    kind: 'user',
    description: 'WMO consultant establishing where an applicant lived (verblijfplaatshistorie) in the process application',
    subject: 'medewerker-wmo-historie',
    clientId: 'procesapp',
    roles: ['wmo-woonhistorie'],
  },
  {
    name: 'wmo-consulent',
    kind: 'user',
    description: 'WMO consultant (social support act) in the process application',
    subject: 'medewerker-wmo',
    clientId: 'procesapp',
    roles: ['wmo-consulent'],
  },
  {
    name: 'parkeren',
    kind: 'user',
    description: 'Parking permits employee in the process application',
    subject: 'medewerker-parkeren',
    clientId: 'procesapp',
    roles: ['parkeren'],
  },
  {
    name: 'wmo-en-parkeren',
    kind: 'user',
    description: 'Front-desk employee with the combined WMO and parking role',
    subject: 'medewerker-loket',
    clientId: 'procesapp',
    roles: ['wmo-en-parkeren'],
  },
  {
    name: 'privacy-officer',
    kind: 'user',
    description: 'Privacy officer: reads the protocol (protocolEntries) and its misuse signals; no BRP data',
    subject: 'privacy-officer',
    clientId: 'procesapp',
    roles: ['privacy-officer'],
  },
  {
    name: 'procesapp',
    kind: 'client',
    description: 'The process application itself, client credentials, no employee behind it',
    clientId: 'procesapp',
  },
  {
    name: 'saas-zaaksysteem',
    kind: 'client',
    description: 'SaaS case system with its own token (no employee): gets no personal data',
    clientId: 'saas-zaaksysteem',
  },
  {
    name: 'saas-zaaksysteem-wmo',
    kind: 'delegated',
    description: 'SaaS case system acting for the WMO consultant (token exchange, act.sub = saas-zaaksysteem)',
    subjectPersona: 'wmo-consulent',
    actorClientId: 'saas-zaaksysteem',
  },
  {
    name: 'eduv-applicatiebeheerder',
    kind: 'user',
    description: 'Edu-V application administrator of onderwijsaanbieder 110A133, eIDAS substantial',
    subject: 'beheerder-110A133',
    clientId: 'eduv-beheer',
    roles: ['applicatiebeheerder:110A133'],
    acr: EIDAS_SUBSTANTIAL,
    claims: { organisation: '110A133' },
  },
  {
    name: 'eduv-leverancier-lvs',
    kind: 'client',
    description: 'Edu-V receiver Uitgeverij Noordkaap, everything in place: students of 110A133 (one subject offering) with their groups, schoolvak, catalogue, orders; not the staff',
    clientId: 'lvs-uitgever',
    // Exactly its registration (data/eduv/registry-seed.yaml): a learning platform is agreed the basic
    // student data and the groups, not date of birth and gender, not employees. Refused scopes are
    // eduv-catalogus-smal's to show.
    scopes: ['eduv.student.basic', 'eduv.education', 'eduv.catalogue', 'eduv.order', 'eduv.association'],
  },
  {
    name: 'eduv-dashboard',
    kind: 'client',
    description: 'Edu-V receiver Dashboarddienst Inzicht: students of 110A133 with their results (scores and usage), nothing else',
    clientId: 'dashboard-inzicht',
    scopes: ['eduv.student.basic', 'eduv.result'],
  },
  {
    name: 'eduv-toets-pending',
    kind: 'client',
    description: 'Edu-V receiver whose activation is still pending (ACTIVATION_PENDING)',
    demonstrates: 'ACTIVATION_PENDING',
    clientId: 'toets-pending',
    scopes: ['eduv.student.basic', 'eduv.education'],
  },
  {
    name: 'eduv-zonder-overeenkomst',
    kind: 'client',
    description: 'Edu-V receiver without a processing agreement (PROCESSING_AGREEMENT_REQUIRED)',
    demonstrates: 'PROCESSING_AGREEMENT_REQUIRED',
    clientId: 'oefen-zonder-vo',
    scopes: ['eduv.student.basic'],
  },
  {
    name: 'eduv-catalogus-smal',
    kind: 'client',
    description: 'Edu-V receiver registered for the catalogue only; its token also asks eduv.student.basic (SCOPE_NOT_REGISTERED)',
    demonstrates: 'SCOPE_NOT_REGISTERED',
    clientId: 'catalogus-smal',
    scopes: ['eduv.catalogue', 'eduv.student.basic'],
  },
];

export function findPersona(name: string, personas: readonly Persona[] = PERSONAS): Persona | undefined {
  return personas.find((p) => p.name === name);
}

/** Roles and scopes a persona's token carries; a delegated persona has those of its employee. */
export function personaSummary(
  persona: Persona,
  personas: readonly Persona[] = PERSONAS,
): { roles: readonly string[]; scopes: readonly string[]; clientId: string; subject: string } {
  switch (persona.kind) {
    case 'user':
      return { roles: persona.roles, scopes: persona.scopes ?? [], clientId: persona.clientId, subject: persona.subject };
    case 'client':
      return { roles: [], scopes: persona.scopes ?? [], clientId: persona.clientId, subject: persona.clientId };
    case 'delegated': {
      const employee = findPersona(persona.subjectPersona, personas);
      if (employee?.kind !== 'user') throw new Error(`persona ${persona.name}: subject persona "${persona.subjectPersona}" is not a user persona`);
      return { roles: employee.roles, scopes: [], clientId: persona.actorClientId, subject: employee.subject };
    }
  }
}
