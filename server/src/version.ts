declare const __SHIPSHAPE_VERSION__: string | undefined;

/** Injected by the build from package.json; sources run in tests report a development version. */
export const VERSION: string = typeof __SHIPSHAPE_VERSION__ === 'string' ? __SHIPSHAPE_VERSION__ : '0.0.0-dev';

export const HOMEPAGE = 'https://github.com/shipshape-dev/shipshape';

/** The web page of a rule's documentation. */
export function ruleDocsUrl(ruleId: string, base = `${HOMEPAGE}/blob/main/docs/rules/`): string {
  return `${base}${ruleId}.md`;
}
