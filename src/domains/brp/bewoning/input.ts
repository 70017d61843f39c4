// The arguments of a bewoning question: a peildatum (BewoningMetPeildatum) or a period
// (BewoningMetPeriode), checked as the verblijfplaatshistorie's are, and an adresseerbaar object.
import type { BewoningQueryType } from '../apis.ts';
import { historieQuestion, historieQueryTypeOf, type HistorieArguments } from '../historie/input.ts';
import { badInput, inputPatterns } from '../input.ts';

export type BewoningQuestion = { type: 'BewoningMetPeildatum'; peildatum: string } | { type: 'BewoningMetPeriode'; datumVan: string; datumTot: string };

export function bewoningQueryTypeOf(args: Readonly<Record<string, unknown>>): BewoningQueryType | undefined {
  const type = historieQueryTypeOf(args);
  return type === 'RaadpleegMetPeildatum' ? 'BewoningMetPeildatum' : type === 'RaadpleegMetPeriode' ? 'BewoningMetPeriode' : undefined;
}

export function bewoningQuestion(args: HistorieArguments, prefix = ''): BewoningQuestion {
  const q = historieQuestion(args, prefix);
  return q.type === 'RaadpleegMetPeildatum' ? { type: 'BewoningMetPeildatum', peildatum: q.peildatum } : { type: 'BewoningMetPeriode', datumVan: q.datumVan, datumTot: q.datumTot };
}

export function checkAdresseerbaarObjectIdentificatie(argument: string, value: string): string {
  const { re, description } = inputPatterns.identificatie;
  if (!re.test(value)) throw badInput(argument, `${argument} must be ${description}`);
  return value;
}
