import path from 'node:path';

// The repository's own scripts that pipeline steps run: `./scripts/deploy.sh`, `bash release.sh`,
// `make deploy`. Readiness reads what they do as if the step did it (one level deep), so a deploy
// behind a script or a Makefile target is still seen.

export interface ScriptCall {
  /** The script or Makefile, relative to the repository root. */
  path: string;
  /** For `make`: the target the step asks for. */
  target?: string;
  /** Where its commands run, relative to the root (`make -C ops` runs them in `ops`). */
  cwd: string;
}

/** Files whose text the engine keeps, so readiness can read them: shell scripts and Makefiles. */
export function isFollowedScript(file: string): boolean {
  const base = path.basename(file);
  return /\.(sh|bash|mk)$/i.test(base) || base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile';
}

const SHELL_SCRIPT = /(?:^|[;&|(]\s*|\b(?:bash|sh|zsh|source|exec|\.)\s+(?:-\w+\s+)*)((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.(?:sh|bash))(?=$|[\s;&|)])/gm;
/** `make deploy`, `ENV=prod make -C infra apply`, `make -f ci.mk release`: the rest of the command. */
const MAKE = /(?:^|[;&|(]\s*)(?:\w+=\S*\s+)*make\b([^;&|)\n]*)/gm;

/** The directory, the Makefile and the targets of `make`'s arguments (options and VAR=value aside). */
function makeArguments(args: string): { directory: string; makefile: string; targets: string[] } {
  const tokens = args.trim().split(/\s+/).filter(Boolean);
  let directory = '.';
  let makefile = 'Makefile';
  const targets: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const valued = /^(-C|-f|--directory|--file|--makefile)(?:=?(.+))?$/.exec(token);
    if (valued) {
      const value = valued[2] ?? tokens[++i] ?? '';
      if (valued[1] === '-C' || valued[1] === '--directory') directory = value;
      else makefile = value;
    } else if (!token.startsWith('-') && !token.includes('=') && /^[\w.-]+$/.test(token)) {
      targets.push(token);
    }
  }
  return { directory, makefile, targets };
}

/** The repository scripts and Makefile targets a command line runs, resolved from where it runs. */
export function scriptCallsOf(command: string, workingDirectory: string | undefined): ScriptCall[] {
  const base = workingDirectory ?? '.';
  const calls: ScriptCall[] = [];
  for (const match of command.matchAll(SHELL_SCRIPT)) {
    if (!match[1].startsWith('/')) calls.push({ path: path.posix.normalize(path.posix.join(base, match[1])), cwd: base });
  }
  for (const match of command.matchAll(MAKE)) {
    const { directory, makefile, targets } = makeArguments(match[1]);
    if (directory.startsWith('/') || makefile.startsWith('/')) continue;
    const cwd = path.posix.normalize(path.posix.join(base, directory));
    const file = path.posix.normalize(path.posix.join(cwd, makefile));
    for (const target of targets) calls.push({ path: file, target, cwd });
  }
  return calls;
}

/** The recipe of a Makefile target, and of the targets it depends on (one level), as shell lines. */
function makeRecipe(makefile: string, target: string): string | undefined {
  const lines = makefile.split(/\r?\n/);
  const recipes = new Map<string, { prerequisites: string[]; commands: string[] }>();
  let current: { prerequisites: string[]; commands: string[] } | undefined;
  for (const line of lines) {
    if (line.startsWith('\t')) {
      current?.commands.push(line.slice(1).replace(/^[@+-]+/, ''));
      continue;
    }
    const rule = /^([\w.\- ]+?)\s*::?(?!=)\s*([^=#]*?)\s*(?:#.*)?$/.exec(line);
    current = undefined;
    if (!rule) continue;
    const entry = { prerequisites: rule[2].split(/\s+/).filter(Boolean), commands: [] as string[] };
    for (const name of rule[1].split(/\s+/)) recipes.set(name, entry);
    current = entry;
  }
  const wanted = recipes.get(target);
  if (!wanted) return undefined;
  const commands = [...wanted.prerequisites.flatMap((name) => recipes.get(name)?.commands ?? []), ...wanted.commands];
  return commands.join('\n');
}

/** The commands a call runs, from the called file's text. */
export function commandsOf(call: ScriptCall, text: string): string | undefined {
  return call.target === undefined ? text : makeRecipe(text, call.target);
}

/** How evidence names the call: `scripts/deploy.sh`, `Makefile deploy`. */
export function callLabel(call: ScriptCall): string {
  return call.target === undefined ? call.path : `${call.path} ${call.target}`;
}
