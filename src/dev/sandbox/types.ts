// What the sandbox page and the facade's sandbox routes say to each other. Type-only plus one
// constant, so the browser bundle imports it without pulling in anything from the server.

/** A purpose (doelbinding) a persona holds, as the purpose picker shows it. */
export interface SandboxPurpose {
  id: string;
  description: string;
  /** Register id of the processing activity; what the protocol log records. */
  processingActivity: string;
}

/** One entry of `GET /sandbox/personas`. */
export interface SandboxPersona {
  name: string;
  kind: 'user' | 'client' | 'delegated';
  description: string;
  /** The token's `client_id`. */
  clientId: string;
  /** The token's `sub`: the employee, or the client itself. */
  subject: string;
  /** Delegated personas: the client acting for the employee (`act.sub`). */
  actor?: string;
  roles: string[];
  scopes: string[];
  /** Purposes this persona may name in `x-doelbinding`; with several, one must be chosen. */
  purposes: SandboxPurpose[];
  /** Why the persona gets no personal data, when it gets none. */
  note?: string;
}

/** The answer of `POST /sandbox/token`. */
export interface SandboxTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  persona: string;
}

/** The query the editor starts with: an official test person, with a field WMO may not see. */
export const SAMPLE_QUERY = `# Official BRP test person 999993653.
# wmo-consulent: nationaliteiten is not in the
# purpose wmo-aanvraag, so it comes back null
# with a FORBIDDEN error; the BRP is not asked.
# burgerzaken (brp-volledig): delivered.
query Persoon {
  persoon(burgerservicenummer: "999993653") {
    naam {
      volledigeNaam
      voornamen
    }
    nationaliteiten {
      ... on Nationaliteit {
        nationaliteit {
          omschrijving
        }
      }
    }
  }
}
`;
