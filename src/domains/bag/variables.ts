// How the facade reaches the BAG API Individuele Bevragingen v2 (Kadaster), declared once.
import { defineVariables, httpUrl, text, wholeNumber } from '../../base/config/variables.ts';

export const BAG_VARIABLES = defineVariables({
  BAG_URL: { description: 'base URL of the BAG API Individuele Bevragingen v2 (e.g. https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2); production: Adres.adresseerbaarObject is unavailable without it; development: the embedded mock', schema: httpUrl() },
  BAG_API_KEY: { description: 'the X-Api-Key the Kadaster issued for the BAG API', schema: text(), secret: true },
  BAG_TIMEOUT_MS: { description: 'upstream timeout per BAG call', schema: wholeNumber(100, 120_000), default: '5000' },
});
