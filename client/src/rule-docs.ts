// The rule list for "Show Rule Documentation", read from the docs shipped in the extension
// (docs/rules/README.md is generated from the rule registry). No vscode import: unit-tested.

export interface RuleDoc {
  id: string;
  title: string;
  /** Relative to docs/rules/. */
  page: string;
  severity?: string;
  gate?: string;
}

/** Rule ids are `<domain>/<kebab-name>`; anything else never becomes a path. */
export const RULE_ID = /^[a-z0-9]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

const ROW = /^\|\s*\[`([^`]+)`\]\(([^)\s]+)\)\s*\|([^|]*)\|([^|]*)\|([^|]*)\|/;

export function parseRuleIndex(markdown: string): RuleDoc[] {
  const rules: RuleDoc[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const match = ROW.exec(line.trim());
    if (!match) continue;
    const [, id, page, title, severity, gate] = match as unknown as [string, string, string, string, string, string];
    if (!RULE_ID.test(id) || page !== `${id}.md`) continue;
    const clean = (cell: string) => {
      const text = cell.trim();
      return text === '' || text === '–' || text === '-' ? undefined : text;
    };
    rules.push({ id, page, title: clean(title) ?? id, severity: clean(severity), gate: clean(gate) });
  }
  return rules;
}

/** The page of a rule id, relative to docs/rules/, or undefined when the id is not one. */
export function rulePage(id: string): string | undefined {
  return RULE_ID.test(id) ? `${id}.md` : undefined;
}
