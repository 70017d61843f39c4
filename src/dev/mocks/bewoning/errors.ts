import { paramsValidation as personenParamsValidation, type InvalidParam, type Problem } from '../brp/errors.ts';

// problem+json bodies of the bewoning API. The BRP Personen mock's bodies fit where the bewoning feature
// files (fout-cases.feature) spell them alike: 406, 415, 404, invalid JSON and the bare-status bodies of
// failure injection. The 405 title is the historie API's ('Gebruikte bevragingsmethode is niet
// toegestaan.'). paramsValidation names the parameters in its detail sorted
// ('adresseerbaarObjectIdentificatie, datumTot, datumVan'), while invalidParams keep the order of the
// checks (adresseerbaarObjectIdentificatie, datumVan, datumTot), as raadpleeg-bewoning-met-periode/fout-cases.feature shows.

export {
  invalidJson,
  notAcceptable,
  notFound,
  ONDERSTEUND_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  problemVoorStatus,
  unsupportedMediaType,
  type InvalidParam,
  type Problem,
} from '../brp/errors.ts';
export { methodNotAllowed } from '../historie/errors.ts';

export function paramsValidation(instance: string, invalidParams: readonly InvalidParam[]): Problem {
  const p = personenParamsValidation(instance, invalidParams);
  const names = [...new Set(invalidParams.map((ip) => ip.name))].sort();
  p.body.detail = `De foutieve parameter(s) zijn: ${names.join(', ')}.`;
  return p;
}
