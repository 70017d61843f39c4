// The arguments of a verblijfplaatshistorie question: a peildatum (RaadpleegMetPeildatum) or a
// period from datumVan up to datumTot (RaadpleegMetPeriode), dates YYYY-MM-DD. Checked before any
// call, each problem naming its argument.
import type { HistorieQueryType } from '../apis.ts';
import { badInput, inputPatterns } from '../input.ts';

export interface HistorieArguments {
  peildatum?: string | null;
  datumVan?: string | null;
  datumTot?: string | null;
}

/** The body of POST /verblijfplaatshistorie, without the burgerservicenummer. */
export type HistorieQuestion = { type: 'RaadpleegMetPeildatum'; peildatum: string } | { type: 'RaadpleegMetPeriode'; datumVan: string; datumTot: string };

const given = (v: unknown) => v !== undefined && v !== null;

/** The query type the arguments ask, when they ask exactly one (the rules read it; the checks below refuse the rest). */
export function historieQueryTypeOf(args: Readonly<Record<string, unknown>>): HistorieQueryType | undefined {
  const peil = given(args.peildatum);
  const period = given(args.datumVan) || given(args.datumTot);
  if (peil === period) return undefined;
  return peil ? 'RaadpleegMetPeildatum' : 'RaadpleegMetPeriode';
}

function checkDate(argument: string, value: string): string {
  const { re, description } = inputPatterns.datum;
  if (!re.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw badInput(argument, `${argument} must be ${description}`);
  }
  return value;
}

/** `prefix`: how the arguments are named to the caller (`verblijfplaatshistorie.peildatum`). */
export function historieQuestion(args: HistorieArguments, prefix = ''): HistorieQuestion {
  const name = (a: string) => `${prefix}${a}`;
  const peil = given(args.peildatum);
  const period = given(args.datumVan) || given(args.datumTot);
  if (peil && period) throw badInput(name('peildatum'), 'give a peildatum, or datumVan and datumTot: not both');
  if (peil) return { type: 'RaadpleegMetPeildatum', peildatum: checkDate(name('peildatum'), args.peildatum!) };
  if (!given(args.datumVan)) throw badInput(name('datumVan'), period ? 'a period needs datumVan and datumTot' : 'give a peildatum, or datumVan and datumTot');
  if (!given(args.datumTot)) throw badInput(name('datumTot'), 'a period needs datumVan and datumTot');
  const datumVan = checkDate(name('datumVan'), args.datumVan!);
  const datumTot = checkDate(name('datumTot'), args.datumTot!);
  if (datumTot <= datumVan) throw badInput(name('datumTot'), 'datumTot must be after datumVan');
  return { type: 'RaadpleegMetPeriode', datumVan, datumTot };
}
