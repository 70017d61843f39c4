// The sandbox page: a persona picker, a purpose picker and GraphiQL underneath.
//
// GraphiQL is keyed by persona and purpose, so a switch mounts a fresh GraphiQL: it introspects
// again and shows the schema as that persona and purpose see it (the facade filters
// introspection per purpose). The query editor's text lives in GraphiQL's localStorage and so
// survives the switch: run the same query as another persona and compare.
//
// Written with createElement (aliased `h`) instead of JSX: the project's TypeScript setup has
// no JSX configuration, and the page is small enough not to miss it.
import { createElement as h, useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import { GraphiQL } from 'graphiql';
import { SAMPLE_QUERY, type SandboxPersona } from '../types.ts';
import { createFetcher, fetchPersonas, fetchToken } from './api.ts';

const STORED_PERSONA = 'facade-sandbox:persona';

type TokenState =
  | { status: 'none' }
  | { status: 'loading'; persona: string }
  | { status: 'ready'; persona: string; token: { current: string } }
  | { status: 'failed'; persona: string; message: string };

/** The purpose a persona starts with: its only one; with several the developer must choose. */
function defaultPurpose(persona: SandboxPersona | undefined): string {
  return persona?.purposes.length === 1 ? persona.purposes[0].id : '';
}

function storedPersona(): string {
  try {
    return localStorage.getItem(STORED_PERSONA) ?? '';
  } catch {
    return '';
  }
}

function rememberPersona(name: string): void {
  try {
    localStorage.setItem(STORED_PERSONA, name);
  } catch {
    // Storage disabled: the picker simply starts empty next time.
  }
}

function apolloSandboxUrl(): string {
  return `https://studio.apollographql.com/sandbox/explorer?endpoint=${encodeURIComponent(`${location.origin}/graphql`)}`;
}

function PersonaPicker(props: { personas: SandboxPersona[]; value: string; onChange: (name: string) => void }): ReactElement {
  return h(
    'label',
    { className: 'sandbox-field', htmlFor: 'persona' },
    'Persona ',
    h(
      'select',
      { id: 'persona', value: props.value, onChange: (e) => props.onChange(e.currentTarget.value) },
      h('option', { value: '', disabled: true }, '— pick a persona —'),
      ...props.personas.map((p) => h('option', { key: p.name, value: p.name, title: p.description }, p.name)),
    ),
  );
}

function PurposePicker(props: { persona: SandboxPersona | undefined; value: string; onChange: (id: string) => void }): ReactElement {
  const purposes = props.persona?.purposes ?? [];
  const options =
    purposes.length === 0
      ? [h('option', { key: '', value: '' }, props.persona ? '— none: no personal data —' : '—')]
      : [
          ...(purposes.length > 1 ? [h('option', { key: '', value: '', disabled: true }, '— choose a purpose —')] : []),
          ...purposes.map((p) => h('option', { key: p.id, value: p.id, title: `${p.description} (${p.processingActivity})` }, p.id)),
        ];
  return h(
    'label',
    { className: 'sandbox-field', htmlFor: 'purpose', title: 'Sent as the x-doelbinding header' },
    'Purpose (x-doelbinding) ',
    h(
      'select',
      { id: 'purpose', value: props.value, disabled: purposes.length === 0, required: purposes.length > 1, onChange: (e) => props.onChange(e.currentTarget.value) },
      ...options,
    ),
  );
}

function PersonaDetails(props: { persona: SandboxPersona; purpose: string }): ReactElement {
  const { persona } = props;
  const who =
    persona.kind === 'delegated'
      ? `${persona.subject} via ${persona.actor ?? persona.clientId} (token exchange)`
      : persona.kind === 'client'
        ? `client ${persona.clientId} (client credentials)`
        : `${persona.subject} in ${persona.clientId}`;
  const purpose = persona.purposes.find((p) => p.id === props.purpose);
  return h(
    'p',
    { className: 'sandbox-details', id: 'persona-details' },
    h('strong', null, persona.description),
    ` — ${who}`,
    persona.roles.length ? ` · roles: ${persona.roles.join(', ')}` : '',
    persona.scopes.length ? ` · scopes: ${persona.scopes.join(' ')}` : '',
    purpose ? ` · ${purpose.id}: ${purpose.description} (${purpose.processingActivity})` : '',
    persona.note ? h('span', { className: 'sandbox-note' }, ` · ${persona.note}`) : '',
  );
}

export function Sandbox(): ReactElement {
  const [personas, setPersonas] = useState<SandboxPersona[] | undefined>(undefined);
  const [loadError, setLoadError] = useState('');
  const [personaName, setPersonaName] = useState(storedPersona);
  const [purpose, setPurpose] = useState('');
  const [token, setToken] = useState<TokenState>({ status: 'none' });
  const [schemaFor, setSchemaFor] = useState('');
  const [copied, setCopied] = useState(false);

  const persona = personas?.find((p) => p.name === personaName);

  useEffect(() => {
    fetchPersonas().then(
      (list) => {
        setPersonas(list);
        // A remembered persona that no longer exists starts the page empty.
        const remembered = list.find((p) => p.name === storedPersona());
        setPersonaName(remembered?.name ?? '');
        setPurpose(defaultPurpose(remembered));
      },
      (err: unknown) => setLoadError(err instanceof Error ? err.message : String(err)),
    );
  }, []);

  // A token per persona (the purpose is a header, not part of the token).
  useEffect(() => {
    if (!persona) return;
    let current = true;
    setToken({ status: 'loading', persona: persona.name });
    fetchToken(persona.name).then(
      (access) => current && setToken({ status: 'ready', persona: persona.name, token: { current: access } }),
      (err: unknown) => current && setToken({ status: 'failed', persona: persona.name, message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      current = false;
    };
  }, [persona?.name]);

  const choosePersona = useCallback(
    (name: string) => {
      rememberPersona(name);
      setPersonaName(name);
      setPurpose(defaultPurpose(personas?.find((p) => p.name === name)));
      setSchemaFor('');
    },
    [personas],
  );

  const ready = token.status === 'ready' && token.persona === personaName ? token : undefined;
  const purposeMissing = (persona?.purposes.length ?? 0) > 1 && !purpose;
  const sessionKey = `${personaName}|${purpose}`;
  const fetcher = useMemo(
    () => (ready ? createFetcher({ persona: ready.persona, purpose: purpose || undefined, token: ready.token }) : undefined),
    [ready, purpose],
  );

  const copyToken = useCallback(() => {
    if (!ready) return;
    navigator.clipboard.writeText(ready.token.current).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }, [ready]);
  useEffect(() => setCopied(false), [sessionKey]);

  let status = '';
  if (loadError) status = `Could not load personas: ${loadError}`;
  else if (!personas) status = 'Loading personas…';
  else if (!persona) status = 'Pick a persona: the facade fetches its token from the development identity provider.';
  else if (token.status === 'loading') status = `Fetching a token for ${persona.name}…`;
  else if (token.status === 'failed') status = token.message;
  else if (purposeMissing) status = `${persona.name} holds several purposes: choose the one this request serves.`;

  const bar = h(
    'header',
    { className: 'sandbox-bar' },
    h('span', { className: 'sandbox-title' }, 'Facade sandbox ', h('span', { className: 'sandbox-badge' }, 'development')),
    personas ? h(PersonaPicker, { personas, value: personaName, onChange: choosePersona }) : null,
    personas ? h(PurposePicker, { persona, value: purpose, onChange: setPurpose }) : null,
    h(
      'button',
      { type: 'button', id: 'copy-token', className: 'sandbox-button', disabled: !ready, onClick: copyToken, title: 'Copy the access token, e.g. for curl' },
      copied ? 'Copied' : 'Copy token',
    ),
    h('span', { className: 'sandbox-spacer' }),
    h(
      'a',
      {
        className: 'sandbox-external',
        href: apolloSandboxUrl(),
        target: '_blank',
        rel: 'noopener noreferrer external',
        title: 'Opens Apollo Studio on the internet; it calls this facade from your browser. Paste a token as the Authorization header there.',
      },
      'Apollo Sandbox (external, needs internet) ↗',
    ),
  );

  const details = persona ? h(PersonaDetails, { persona, purpose }) : null;
  const body =
    fetcher && !purposeMissing
      ? h(
          'div',
          { className: 'sandbox-graphiql', 'data-session': sessionKey, 'data-schema-for': schemaFor },
          h(GraphiQL, {
            key: sessionKey,
            fetcher,
            defaultQuery: SAMPLE_QUERY,
            defaultEditorToolsVisibility: false,
            isHeadersEditorEnabled: true,
            shouldPersistHeaders: false,
            forcedTheme: 'light',
            onSchemaChange: () => setSchemaFor(sessionKey),
          }),
        )
      : h('main', { className: 'sandbox-empty' }, h('p', { role: 'status', 'aria-live': 'polite' }, status));

  return h('div', { className: 'sandbox-root' }, bar, details, body);
}
