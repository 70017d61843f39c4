// `--help` for every command of the project: asked anywhere among the arguments (also after npm's
// `--`), it prints the command's help to stdout and the command does nothing else — no database
// opened, no file written, no server started.

/** The arguments ask for help (`--help` or `-h`). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** For a script run as a program: prints `help` and exits 0 when asked. */
export function answerHelp(argv: readonly string[], help: string): void {
  if (!wantsHelp(argv)) return;
  process.stdout.write(`${help.trim()}\n`);
  process.exit(0);
}
