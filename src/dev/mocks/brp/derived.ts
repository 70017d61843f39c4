import { berekenLeeftijd } from './dates.ts';
import type { StoredNaam, StoredWaardetabel } from './storage.ts';

// Derived name fields of the BRP API (features persoon/naam/voorletters.feature and
// volledigeNaam.feature) and the age.

export { berekenLeeftijd as leeftijd };

/** Geslachtsnaam '.' is the LO GBA default for 'unknown' and never appears in composed names. */
export function echteGeslachtsnaam(naam: StoredNaam | undefined): string | undefined {
  const g = naam?.geslachtsnaam?.trim();
  return g && g !== '.' ? g : undefined;
}

export function schoon(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const MAX_VOORLETTERS = 40;

/**
 * One initial per first name followed by a dot; a hyphenated name gives one initial; a one-letter
 * name gives the letter without a dot, and a space separates it from a following initial.
 */
export function voorletters(voornamen: string | undefined): string | undefined {
  const namen = (voornamen ?? '').split(/\s+/).filter((n) => n.length > 0);
  if (namen.length === 0) return undefined;
  let out = '';
  let vorigeZonderPunt = false;
  for (const naam of namen) {
    const letter = (Array.from(naam)[0] ?? '').toUpperCase();
    const enkel = Array.from(naam).length === 1;
    const deel = `${vorigeZonderPunt ? ' ' : ''}${letter}${enkel ? '' : '.'}`;
    // The spec caps voorletters at 40 characters; the test data has people with 20+ first names.
    if (Array.from(out + deel).length > MAX_VOORLETTERS) break;
    out += deel;
    vorigeZonderPunt = enkel;
  }
  return out;
}

interface Vormen {
  man: string;
  vrouw: string | undefined;
}

// Tabel 38 'Adellijke titel/predicaat' with the forms per geslacht; a ridder has no female form.
const VORMEN: Record<string, Vormen> = {
  B: { man: 'baron', vrouw: 'barones' },
  BS: { man: 'baron', vrouw: 'barones' },
  G: { man: 'graaf', vrouw: 'gravin' },
  GI: { man: 'graaf', vrouw: 'gravin' },
  H: { man: 'hertog', vrouw: 'hertogin' },
  HI: { man: 'hertog', vrouw: 'hertogin' },
  M: { man: 'markies', vrouw: 'markiezin' },
  MI: { man: 'markies', vrouw: 'markiezin' },
  P: { man: 'prins', vrouw: 'prinses' },
  PS: { man: 'prins', vrouw: 'prinses' },
  R: { man: 'ridder', vrouw: undefined },
  JH: { man: 'jonkheer', vrouw: 'jonkvrouw' },
  JV: { man: 'jonkheer', vrouw: 'jonkvrouw' },
};

export function isPredicaat(titel: StoredWaardetabel | undefined): boolean {
  return titel?.soort === 'predicaat' || titel?.code === 'JH' || titel?.code === 'JV';
}

/** The title in the form of the geslacht, or undefined when that form does not exist. */
export function titelVoorGeslacht(titel: StoredWaardetabel | undefined, geslacht: string | undefined): string | undefined {
  const vormen = titel?.code ? VORMEN[titel.code] : undefined;
  if (!vormen) return undefined;
  if (geslacht === 'M') return vormen.man;
  if (geslacht === 'V') return vormen.vrouw;
  return undefined;
}

/** The title as used in volledigeNaam: the gendered form, else the table description. */
export function titelInNaam(titel: StoredWaardetabel | undefined, geslacht: string | undefined): string | undefined {
  if (!titel?.code) return undefined;
  return (titelVoorGeslacht(titel, geslacht) ?? titel.omschrijving ?? VORMEN[titel.code]?.man)?.toLowerCase();
}

/** predicaat voornamen titel voorvoegsel geslachtsnaam, without a partner name. */
export function volledigeNaam(naam: StoredNaam | undefined, geslacht: string | undefined): string | undefined {
  if (!naam) return undefined;
  const titel = titelInNaam(naam.adellijkeTitelPredicaat, geslacht);
  const predicaat = isPredicaat(naam.adellijkeTitelPredicaat);
  const delen = [
    predicaat ? titel : undefined,
    naam.voornamen,
    predicaat ? undefined : titel,
    naam.voorvoegsel,
    echteGeslachtsnaam(naam),
  ];
  const tekst = schoon(delen.filter((d): d is string => Boolean(d)).join(' '));
  // A name that is only a title (no voornamen, no geslachtsnaam) is no name.
  if (!naam.voornamen?.trim() && !echteGeslachtsnaam(naam)) return undefined;
  return tekst.length > 0 ? tekst : undefined;
}
