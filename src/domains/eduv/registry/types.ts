// The Edu-V registry's vocabulary: participants (layer 1), their clients (layer 2), the
// onderwijsbesturen and onderwijsaanbieders, activations (layer 4) and processing agreements
// (layer 5). Plain data; the rules live in validate.ts, the storage in registry.ts.

export const GEGEVENSDIENSTEN = ['students', 'schoolvak', 'catalogue', 'orders', 'employees', 'association', 'schoolperiods', 'results', 'norms'] as const;
export type Gegevensdienst = (typeof GEGEVENSDIENSTEN)[number];

/** The scopes of the Edu-V gegevensdiensten; a client can only be registered for these. */
export const EDUV_SCOPES = [
  'eduv.student.basic',
  'eduv.student.demographics',
  'eduv.student.communication',
  'eduv.student.deliveryaddress',
  'eduv.student.accessibility',
  'eduv.employee.basic',
  'eduv.employee.communication',
  'eduv.employee.roles',
  'eduv.association',
  'eduv.result',
  'eduv.norm',
  'eduv.education',
  'eduv.catalogue',
  'eduv.order',
] as const;
export type EduvScope = (typeof EDUV_SCOPES)[number];

export interface Participant {
  oin: string;
  name: string;
  referenceComponents: string[];
  endpoints: Record<string, string>;
  contact: { name?: string; email?: string; phone?: string };
  /** Receiver side: activations towards this participant are confirmed automatically, else they wait 'pending'. */
  autoConfirmActivations: boolean;
}

export interface EduvClient {
  clientId: string;
  participantOin: string;
  application: string;
  scopes: string[];
}

/** An application of the sending participant through which applicatiebeheerders manage activations. */
export interface BeheerApplication {
  clientId: string;
  application: string;
}

export interface Onderwijsbestuur {
  id: string;
  name: string;
}

export interface Onderwijsaanbieder {
  id: string;
  name: string;
  bestuurId: string;
  oieCode?: string;
}

export const ACTIVATION_STATUSES = ['pending', 'active', 'inactive'] as const;
export type ActivationStatus = (typeof ACTIVATION_STATUSES)[number];

export interface ActivationKey {
  gegevensdienst: Gegevensdienst;
  onderwijsaanbieder: string;
  senderOin: string;
  receiverOin: string;
}

export interface Activation extends ActivationKey {
  id: string;
  status: ActivationStatus;
  /** Narrowing: only these subject offerings; null = the whole onderwijsaanbieder. */
  subjectOfferingIds: string[] | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ACTIVATION_ACTIONS = ['activated', 'confirmed', 'deactivated'] as const;
export type ActivationAction = (typeof ACTIVATION_ACTIONS)[number];

export interface ActivationEvent {
  activationId: string;
  action: ActivationAction;
  actor: string;
  actorClientId?: string;
  acr?: string;
  at: Date;
  /** The state the event left the activation in. */
  status: ActivationStatus;
  subjectOfferingIds: string[] | null;
}

export interface ProcessingAgreement {
  id: string;
  participantOin: string;
  bestuurId: string;
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null = open-ended. */
  validTo: string | null;
  reference?: string;
}

/** Who changes an activation: the user (or client) and the authentication level of the token. */
export interface Actor {
  subject: string;
  clientId?: string;
  acr?: string;
}

/** Filters for listing activations; every given field must match. */
export interface ActivationFilter {
  onderwijsaanbieder?: string;
  gegevensdienst?: Gegevensdienst;
  senderOin?: string;
  receiverOin?: string;
  status?: ActivationStatus;
}

export interface AgreementFilter {
  participantOin?: string;
  bestuurId?: string;
}
