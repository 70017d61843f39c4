// HTML to PDF with Debian's Chromium, headless: what a municipality already runs
// for printing, with no browser downloaded and no network (the page is a local
// file with no outside references). CHROMIUM_PATH overrides /usr/bin/chromium.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export class PdfRenderError extends Error {}

/** Renders the HTML file `htmlFile` to `pdfFile`. */
export async function renderPdf(htmlFile: string, pdfFile: string, options: { chromium?: string; timeoutMs?: number } = {}): Promise<void> {
  const chromium = options.chromium ?? DEFAULT_CHROMIUM;
  // A profile of its own per run: no state shared with a browser someone uses, removed afterwards.
  const profile = await mkdtemp(path.join(tmpdir(), 'facade-report-chromium-'));
  try {
    await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-extensions',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${path.resolve(pdfFile)}`,
        pathToFileURL(path.resolve(htmlFile)).href,
      ],
      { timeout: options.timeoutMs ?? 60_000 },
    );
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PdfRenderError(code === 'ENOENT' ? `Chromium not found at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)` : `Chromium could not render the PDF: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const written = await stat(pdfFile).catch(() => undefined);
  if (!written || written.size === 0) throw new PdfRenderError('Chromium wrote no PDF');
}
