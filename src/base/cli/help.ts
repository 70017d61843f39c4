// `--help` for every command of the project (`npm run x -- --help`): it prints the command's help to
// stdout and the command does nothing else — no database opened, no file written, no server started.
// `--help` counts anywhere before a `--` end of options (npm scripts such as policy:matrix carry
// arguments of their own before the caller's); the short `-h` only as the first argument, since
// elsewhere it may be an option's value — and a batch tool must not answer a mistyped command line
// with help and exit 0 ("intact", "done").

/** The arguments ask for help. */
export function wantsHelp(argv: readonly string[]): boolean {
  if (argv[0] === '-h') return true;
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--help');
}

/** For a script run as a program: prints `help` and exits 0 when asked. */
export function answerHelp(argv: readonly string[], help: string): void {
  if (!wantsHelp(argv)) return;
  process.stdout.write(`${help.trim()}\n`);
  process.exit(0);
}
