import type { StoredInOnderzoek, StoredVerblijfplaats, StoredWaardetabel } from '../brp/storage.ts';

// The storage shape of the official historie-mock test data (data/brp-historie/test-data.json): a flat
// array with one row per verblijfplaats voorkomen, newest first per person. Dates are LO GBA YYYYMMDD
// with 00 for unknown parts; table values are codes; in onderzoek is the raw aanduiding (83.10).

export interface StoredHistorieInOnderzoek extends StoredInOnderzoek {
  /** 83.30; not in the official data, supported for fixtures (an ended onderzoek is not delivered). */
  datumEindeOnderzoek?: string;
}

export interface StoredHistorieVerblijfplaats extends Omit<StoredVerblijfplaats, 'inOnderzoek'> {
  aangifteAdreshouding?: string;
  /** The next voorkomen's start, as the official mock stored it; the mock derives datumTot itself. */
  datumEindeAdreshouding?: string;
  datumEindeAdresBuitenland?: string;
  /** 09.10; not in the official data. */
  gemeenteVanInschrijving?: StoredWaardetabel;
  /** 84.10: a corrected (onjuist) voorkomen is ignored entirely; not in the official data. */
  indicatieOnjuist?: string;
  inOnderzoek?: StoredHistorieInOnderzoek;
}

export interface StoredOpschorting {
  datum?: string;
  reden?: StoredWaardetabel;
}

/** One row of the test data file. */
export interface StoredHistorieRij {
  burgerservicenummer: string;
  /** 70.10 indicatie geheim, "0" to "7"; on the newest row of a person. */
  geheimhoudingPersoonsgegevens?: string;
  /** 67.10/67.20; not in the official data. */
  opschortingBijhouding?: StoredOpschorting;
  verblijfplaats?: StoredHistorieVerblijfplaats;
}

/** One persoonslijst: the person-level data and its verblijfplaats voorkomens, newest first. */
export interface StoredPersoonslijst {
  burgerservicenummer: string;
  geheimhoudingPersoonsgegevens?: string;
  opschortingBijhouding?: StoredOpschorting;
  verblijfplaatsen: StoredHistorieVerblijfplaats[];
}

/** W (wissen: logisch verwijderd) and F (fout: afgevoerd) persoonslijsten are never delivered. */
export function isVerwijderd(pl: StoredPersoonslijst): boolean {
  const reden = pl.opschortingBijhouding?.reden?.code;
  return reden === 'W' || reden === 'F';
}
