// The shape of the registry seed file (data/eduv/registry-seed.yaml), defined once: the seed loader
// (seed.ts) checks every file with it, and data/eduv/registry-seed.schema.json — which editors use
// to complete and check the file — is generated from it (`npm run schemas`), so the two cannot
// drift. The formats are the registry's own (validate.ts, oin.ts); what a shape cannot say
// (references between entries, duplicates, the supplier-OIN rule, calendar dates, validTo after
// validFrom) the loader checks after it.
import { z } from 'zod';
import { TWENTY_DIGITS } from './oin.ts';
import { ACTIVATION_STATUSES, EDUV_SCOPES, GEGEVENSDIENSTEN } from './types.ts';
import { AANBIEDER_ID, BESTUUR_ID, CLIENT_ID, DATE, EMAIL, OIE_CODE, PHONE } from './validate.ts';

/** https, or http on a loopback address (development only): endpointProblem's rule as a pattern. */
const ENDPOINT = /^(https:\/\/[^\s/]|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:[0-9]+)?(\/|$))/;

const oin = z.string().regex(TWENTY_DIGITS, 'an OIN has exactly 20 digits').describe('An OIN: 20 digits, quoted (unquoted, YAML reads it as a number).');
const text = z.string().min(1);

const participant = z.strictObject({
  oin,
  name: text,
  referenceComponents: z.array(text).optional().describe('The Edu-V reference components this participant runs.'),
  endpoints: z
    .record(z.string(), z.string().regex(ENDPOINT, 'an endpoint must be an https URL (http only on localhost)'))
    .optional()
    .describe('The participant\'s endpoints by name. `activations`: where this participant, as receiver, takes the consent flow\'s activation notices (signed SETs, RFC 8935 push; https in production); without it it gets none.'),
  contact: z
    .strictObject({
      name: text.optional(),
      email: z.string().regex(EMAIL, 'not an e-mail address').optional(),
      phone: z.string().regex(PHONE, 'not a telephone number').optional(),
    })
    .optional(),
  autoConfirmActivations: z.boolean().optional().describe('Activations of which this participant is receiver are confirmed at once.'),
});

const client = z.strictObject({
  clientId: z.string().regex(CLIENT_ID, 'a client id is 1–255 printable characters without spaces'),
  participantOin: oin,
  application: text,
  scopes: z.array(z.enum(EDUV_SCOPES)).min(1, 'a client is registered for at least one scope'),
});

const beheerApplication = z.strictObject({
  clientId: z.string().regex(CLIENT_ID, 'a client id is 1–255 printable characters without spaces'),
  application: text,
}).describe('An application of this facade\'s participant through which applicatiebeheerders manage activations; their tokens for any other client manage nothing.');

const bestuur = z.strictObject({
  id: z.string().regex(BESTUUR_ID, 'the 5-digit bevoegd-gezagnummer').describe('Bevoegd-gezagnummer (DUO), quoted.'),
  name: text,
});

const aanbieder = z.strictObject({
  id: z.string().regex(AANBIEDER_ID, 'the RIO code (e.g. 110A133)').describe('RIO code of the onderwijsaanbieder.'),
  name: text,
  bestuurId: z.string().regex(BESTUUR_ID, 'the 5-digit bevoegd-gezagnummer'),
  oieCode: z.string().regex(OIE_CODE, 'two digits and two capital letters (e.g. 06AB)').optional(),
});

const date = z.string().regex(DATE, 'a date is written YYYY-MM-DD');

const agreement = z.strictObject({
  participantOin: oin,
  bestuurId: z.string().regex(BESTUUR_ID, 'the 5-digit bevoegd-gezagnummer'),
  validFrom: date,
  validTo: date.nullable().optional(),
  reference: z.string().optional(),
}).describe('A processing agreement (verwerkersovereenkomst) between a participant and an onderwijsbestuur.');

const activation = z.strictObject({
  gegevensdienst: z.enum(GEGEVENSDIENSTEN),
  onderwijsaanbieder: z.string().regex(AANBIEDER_ID, 'the RIO code (e.g. 110A133)'),
  senderOin: oin.optional().describe('Defaults to self.'),
  receiverOin: oin,
  status: z.enum(ACTIVATION_STATUSES),
  subjectOfferingIds: z.array(text).min(1).nullable().optional().describe('Narrows the exchange to these subject offerings; null or absent for the whole onderwijsaanbieder.'),
});

export const EduvSeedFileSchema = z
  .strictObject({
    self: oin.describe('OIN of the participant this facade acts as: the sender of every activation.'),
    participants: z.array(participant).nullable().optional(),
    clients: z.array(client).nullable().optional(),
    beheerApplications: z.array(beheerApplication).nullable().optional(),
    besturen: z.array(bestuur).nullable().optional(),
    aanbieders: z.array(aanbieder).nullable().optional(),
    agreements: z.array(agreement).nullable().optional(),
    activations: z.array(activation).nullable().optional(),
  })
  .describe('Edu-V registry seed of the facade (data/eduv/registry-seed.yaml).');

export function eduvSeedJsonSchema(): Record<string, unknown> {
  return { $id: 'https://facade.example/data/eduv/registry-seed.schema.json', ...z.toJSONSchema(EduvSeedFileSchema, { target: 'draft-2020-12' }) } as Record<string, unknown>;
}
