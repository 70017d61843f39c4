// The sandbox as a developer uses it: `npm start`, open /graphql in a real browser (Debian's
// Chromium, headless), pick a persona, run the sample query, and see exactly what that
// persona may see — with every request the page makes staying on this machine.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../src/dev/idp/server.ts';
import { silentLogger } from '../src/base/log/logger.ts';
import { createSandboxBundle } from '../src/dev/sandbox/bundle.ts';
import { SandboxRefusedError, createSandboxRoute } from '../src/dev/sandbox/route.ts';
import { isLocal, launchChromium, startFacadeProcess, type FacadeProcess } from './support/browser.ts';

const ARTIFACTS = new URL('../test-artifacts/', import.meta.url).pathname;

let facade: FacadeProcess;
let browser: Browser;

beforeAll(async () => {
  [facade, browser] = await Promise.all([startFacadeProcess(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await facade?.stop();
});

interface GraphQLBody {
  data?: { persoon?: { naam?: { volledigeNaam?: string }; nationaliteiten?: unknown } | null; __schema?: { types: Array<{ name: string; fields?: Array<{ name: string }> | null }> } };
  errors?: Array<{ path?: Array<string | number>; extensions?: { code?: string; reason?: string } }>;
}

/** A POST to /graphql whose query contains `marker`. */
function graphqlResponse(page: Page, marker: string): Promise<Response> {
  return page.waitForResponse((r) => r.url() === facade.url && r.request().method() === 'POST' && (r.request().postData() ?? '').includes(marker));
}

function persoonFields(body: GraphQLBody): string[] {
  const persoon = body.data?.__schema?.types.find((t) => t.name === 'Persoon');
  return (persoon?.fields ?? []).map((f) => f.name);
}

/** Picks a persona and waits for GraphiQL to have introspected as that persona. */
async function pickPersona(page: Page, persona: string, purpose: string): Promise<string[]> {
  const introspection = graphqlResponse(page, '__schema');
  await page.selectOption('#persona', persona);
  const fields = persoonFields((await (await introspection).json()) as GraphQLBody);
  await page.locator(`[data-schema-for="${persona}|${purpose}"]`).waitFor();
  return fields;
}

/** Runs the editor's query and returns the facade's answer and the text the result pane shows. */
async function runQuery(page: Page, expectVisible: string): Promise<{ body: GraphQLBody; visible: string }> {
  const answer = graphqlResponse(page, '999993653');
  await page.click('.graphiql-execute-button');
  const body = (await (await answer).json()) as GraphQLBody;
  const pane = page.locator('.result-window');
  await pane.getByText(expectVisible).first().waitFor();
  return { body, visible: await pane.innerText() };
}

describe('sandbox in a real browser', () => {
  it('wmo-consulent sees naam but not nationaliteiten, burgerzaken sees both; nothing leaves localhost', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const requested: string[] = [];
    const cspViolations: string[] = [];
    const pageErrors: string[] = [];
    const tokens: Array<Promise<string>> = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('websocket', (ws) => requested.push(ws.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });
    page.on('response', (r) => {
      if (r.url().endsWith('/sandbox/token') && r.ok()) tokens.push(r.json().then((b: { access_token: string }) => b.access_token));
    });

    const navigation = await page.goto(facade.url);
    expect(navigation?.headers()['content-type']).toMatch(/^text\/html/);
    await page.locator('#persona option[value="wmo-consulent"]').waitFor({ state: 'attached' });

    // wmo-consulent: one purpose, prefilled; its schema has no nationaliteiten.
    const wmoFields = await pickPersona(page, 'wmo-consulent', 'wmo-aanvraag');
    expect(await page.inputValue('#purpose')).toBe('wmo-aanvraag');
    expect(wmoFields).toContain('naam');
    expect(wmoFields).not.toContain('nationaliteiten');

    const wmo = await runQuery(page, 'FORBIDDEN');
    expect(wmo.body.data?.persoon?.naam?.volledigeNaam).toBe('Suzanne Moulin');
    expect(wmo.body.data?.persoon?.nationaliteiten).toBeNull();
    expect(wmo.body.errors).toContainEqual(
      expect.objectContaining({ path: ['persoon', 'nationaliteiten'], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'FIELD_NOT_IN_PURPOSE' }) }),
    );
    expect(wmo.visible).toContain('Suzanne Moulin');
    expect(wmo.visible).toMatch(/"nationaliteiten":\s*null/);
    expect(wmo.visible).toContain('FORBIDDEN');
    expect(wmo.visible).not.toContain('Franse');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}sandbox-wmo-consulent.png` });

    // burgerzaken: a fresh introspection, now with nationaliteiten; the same query delivers it.
    const burgerzakenFields = await pickPersona(page, 'burgerzaken', 'brp-volledig');
    expect(await page.inputValue('#purpose')).toBe('brp-volledig');
    expect(burgerzakenFields).toContain('nationaliteiten');

    const bz = await runQuery(page, 'Franse');
    expect(bz.body.errors).toBeUndefined();
    expect(bz.body.data?.persoon?.nationaliteiten).toEqual([{ nationaliteit: { omschrijving: 'Franse' } }]);
    expect(bz.visible).toContain('Suzanne Moulin');
    expect(bz.visible).toContain('Franse');
    expect(bz.visible).not.toContain('FORBIDDEN');

    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !isLocal(url))).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The page got two tokens; the application log carries neither.
    expect(tokens).toHaveLength(2);
    for (const token of await Promise.all(tokens)) expect(facade.output.some((line) => line.includes(token))).toBe(false);
    await context.close();
  });

  it('a persona with several purposes must choose one before anything is asked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(facade.url);
    await page.locator('#persona option[value="wmo-en-parkeren"]').waitFor({ state: 'attached' });
    await page.selectOption('#persona', 'wmo-en-parkeren');
    await page.getByText('holds several purposes').waitFor();
    expect(await page.inputValue('#purpose')).toBe('');
    expect(await page.locator('.graphiql-container').count()).toBe(0);

    const introspection = graphqlResponse(page, '__schema');
    await page.selectOption('#purpose', 'parkeervergunning');
    const request = (await introspection).request();
    expect(request.headers()['x-doelbinding']).toBe('parkeervergunning');
    await page.locator('[data-schema-for="wmo-en-parkeren|parkeervergunning"]').waitFor();
    await context.close();
  });
});

describe('sandbox routes over HTTP', () => {
  it('shows the policy matrix the privacy officer reviews beside the sandbox', async () => {
    const page = await fetch(`${facade.origin}/sandbox/policy`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Policy matrix');
    expect(html).toContain('<th>wmo-aanvraag</th>');
  });

  it('lists the personas with the purposes the policy gives them', async () => {
    const personas = (await (await fetch(`${facade.origin}/sandbox/personas`)).json()) as Array<{ name: string; purposes: Array<{ id: string }>; note?: string }>;
    const purposes = Object.fromEntries(personas.map((p) => [p.name, p.purposes.map((x) => x.id)]));
    expect(purposes).toMatchObject({
      burgerzaken: ['brp-volledig'],
      'wmo-consulent': ['wmo-aanvraag'],
      'wmo-en-parkeren': ['wmo-aanvraag', 'parkeervergunning'],
      'saas-zaaksysteem': [],
      'saas-zaaksysteem-wmo': ['wmo-aanvraag'],
    });
    expect(personas.find((p) => p.name === 'saas-zaaksysteem')?.note).toMatch(/only act for an employee/);
  });

  it('hands out tokens for known personas only, as JSON only', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${facade.origin}/sandbox/token`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const ok = await post('{"persona":"saas-zaaksysteem-wmo"}');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const { access_token: token } = (await ok.json()) as { access_token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; act?: { sub: string } };
    expect(claims).toMatchObject({ sub: 'medewerker-wmo', act: { sub: 'saas-zaaksysteem' } });

    expect((await post('{"persona":"nobody"}')).status).toBe(400);
    // A cross-site form can send text/plain without a preflight; it gets nothing.
    expect((await post('{"persona":"burgerzaken"}', 'text/plain')).status).toBe(415);
    expect((await fetch(`${facade.origin}/sandbox/token`)).status).toBe(405);
  });

  it('answers only to localhost names (DNS rebinding) and leaves GraphQL over GET alone', async () => {
    const { port } = new URL(facade.origin);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/sandbox/personas', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
    expect(await status(`rebound.example:${port}`)).toBe(403);

    const page = await fetch(facade.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const graphqlGet = await fetch(`${facade.url}?query=${encodeURIComponent('{ facadeVersion }')}`, { headers: { accept: 'text/html' } });
    expect(graphqlGet.headers.get('content-type')).not.toMatch(/text\/html/);
  });

  it('lets Apollo’s hosted Sandbox (and no other origin) call /graphql from the browser', async () => {
    const preflight = (origin: string) =>
      fetch(facade.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-doelbinding' },
      });
    const studio = await preflight('https://studio.apollographql.com');
    expect(studio.status).toBe(204);
    expect(studio.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    expect(studio.headers.get('access-control-allow-headers')).toContain('x-doelbinding');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('sandbox set-up', () => {
  it('refuses to exist with NODE_ENV=production', async () => {
    // Refused before the IdP is touched, so a stand-in suffices.
    const idp = {} as DevIdp;
    await expect(createSandboxRoute({ idp, logger: silentLogger, env: { NODE_ENV: 'production' } })).rejects.toThrow(SandboxRefusedError);
  });

  it('builds the bundle once and reads it from the disk cache afterwards', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sandbox-cache-'));
    try {
      const messages: string[] = [];
      const logger = pino({ level: 'debug' }, { write: (line: string) => messages.push((JSON.parse(line) as { msg: string }).msg) });
      const first = await createSandboxBundle({ logger, cacheDir });
      const built = await first.assets();
      const second = await createSandboxBundle({ logger, cacheDir });
      const cached = await second.assets();
      expect(second.id).toBe(first.id);
      expect(messages).toEqual(['sandbox bundle built', 'sandbox bundle read from cache']);
      expect(cached.get('sandbox.js')?.body.equals(built.get('sandbox.js')!.body)).toBe(true);
      expect(cached.get('sandbox.css')?.body.length).toBeGreaterThan(0);
      // Stored by rename of a finished folder: no temporary leftovers beside it.
      expect(readdirSync(cacheDir)).toEqual([first.id]);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
