// The citizen's report as a Dutch letter in HTML (A4, print styles), which
// Chromium turns into the PDF that is sent. Every value from the records or the
// register is escaped; the letter names the person only by a masked BSN.
import type { CitizenReport, ReportEntry } from './citizen-report.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const DATE = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const DATE_TIME = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** The last four digits only: the letter may be opened by someone else than the person. */
export const maskedBsn = (bsn: string) => `*****${bsn.slice(-4)}`;

function entryRows(entries: readonly ReportEntry[]): string {
  return entries
    .map((e) => `<tr><td>${escape(DATE_TIME.format(e.time))}</td><td>${escape(e.categories.join(', '))}</td><td>${escape(e.recipient)}</td></tr>`)
    .join('\n');
}

const TABLE_HEAD = '<thead><tr><th>Wanneer</th><th>Welke gegevens</th><th>Aan welke applicatie</th></tr></thead>';

export function renderReportHtml(report: CitizenReport, subject: { bsn: string }): string {
  const controllers = [...new Map(report.sections.map((s) => [s.activity.controller.name, s.activity.controller])).values()];
  const sender = controllers[0];
  const period =
    report.from || report.to
      ? `in de periode ${report.from ? `van ${DATE.format(report.from)} ` : ''}${report.to ? `tot ${DATE.format(report.to)}` : 'tot nu'}`
      : 'in de periode waarover wij de vastlegging nog bewaren';
  const sections = report.sections
    .map(
      (s) => `<section>
  <h2>${escape(s.activity.name)}</h2>
  <p class="meta">${escape(s.activity.purpose)}</p>
  <dl>
    <dt>Grondslag</dt><dd>${escape(s.activity.legalBasis)}</dd>
    <dt>Verantwoordelijke</dt><dd>${escape(s.activity.controller.name)}</dd>
    <dt>Bewaartermijn van deze gegevens over de verstrekking</dt><dd>${s.activity.retention.amount} ${escape({ years: 'jaar', months: 'maanden', days: 'dagen' }[s.activity.retention.unit])}</dd>
  </dl>
  <table>${TABLE_HEAD}<tbody>
${entryRows(s.entries)}
  </tbody></table>
</section>`,
    )
    .join('\n');
  const unregistered = report.unregistered
    .map((u) => `<section><h2>Verwerking ${escape(u.activityId)}</h2><p class="meta">Deze verwerking staat niet (meer) in ons verwerkingsregister.</p><table>${TABLE_HEAD}<tbody>${entryRows(u.entries)}</tbody></table></section>`)
    .join('\n');
  const nothing = report.sections.length === 0 && report.unregistered.length === 0;
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Inzage in uw persoonsgegevens</title>
<style>
  @page { size: A4; margin: 22mm 20mm; }
  body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
  header { margin-bottom: 14mm; }
  header .org { font-size: 14pt; font-weight: bold; color: #154273; }
  h1 { font-size: 13pt; margin: 8mm 0 4mm; }
  h2 { font-size: 11.5pt; margin: 7mm 0 1mm; color: #154273; }
  .meta { margin: 0 0 2mm; }
  dl { display: grid; grid-template-columns: 62mm auto; margin: 0 0 2mm; font-size: 9.5pt; }
  dt { color: #555; } dd { margin: 0; }
  table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
  th, td { text-align: left; vertical-align: top; padding: 1.2mm 2mm; border-bottom: 0.3mm solid #ccd; }
  th { background: #eef2f7; }
  section { break-inside: avoid-page; }
  footer { margin-top: 10mm; font-size: 9pt; color: #333; }
</style>
</head>
<body>
<header>
  <div class="org">${escape(sender?.name ?? 'Verwerkingsverantwoordelijke')}</div>
  <div>${escape(sender?.contact ?? '')}</div>
</header>
<p>Datum: ${escape(DATE.format(report.createdAt))}<br>Betreft: uw verzoek om inzage (artikel 15 AVG)<br>Burgerservicenummer: ${escape(maskedBsn(subject.bsn))}</p>
<h1>Inzage in uw persoonsgegevens</h1>
<p>Geachte heer, mevrouw,</p>
<p>U heeft gevraagd wie uw persoonsgegevens heeft ingezien, en waarom. Hieronder staat, per verwerking uit ons verwerkingsregister, wanneer welke gegevens over u ${escape(period)} zijn verstrekt en aan welke applicatie. Namen van medewerkers noemen wij niet: de verstrekking gebeurt onder verantwoordelijkheid van de organisatie, en elke raadpleging is vastgelegd in ons protocol.</p>
${nothing ? '<p><strong>In deze periode zijn geen gegevens over u verstrekt.</strong></p>' : ''}
${sections}
${unregistered}
${report.withheldMentioned ? '<section><h2>Verwerkingen waarover wij u nu niet informeren</h2><p>Uw gegevens zijn daarnaast verwerkt voor een taak waarover de wet ons toestaat u op dit moment niet te informeren (artikel 23 AVG, artikel 41 UAVG). U kunt de Autoriteit Persoonsgegevens vragen te controleren of dat terecht is.</p></section>' : ''}
<footer>
  <p>Kloppen uw gegevens niet, dan kunt u ons vragen ze te verbeteren (artikel 16 AVG). Bent u het niet eens met hoe wij met uw gegevens omgaan, neem dan contact op met onze functionaris gegevensbescherming${sender?.dpo ? ` (${escape(sender.dpo)})` : ''}; u kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.</p>
  <p>Opgesteld uit het protocol van de gegevensverstrekking en verwerkingsregister versie ${escape(report.registerVersion)}.</p>
</footer>
</body>
</html>
`;
}
