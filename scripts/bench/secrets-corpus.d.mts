// Types for secrets-corpus.mjs, so the tests import it checked.
export interface PlantedSecret {
  file: string;
  format: string;
  value: string;
}
export declare function rng(seed: number): () => number;
export declare function fakeSecrets(seed?: number): Record<string, string>;
export declare function revealingPart(value: string): string;
export declare function labelledCorpus(seed?: number): {
  secrets: Record<string, string>;
  files: Record<string, string>;
  planted: PlantedSecret[];
  fileLevel: { file: string; ruleId: string }[];
  traps: Record<string, string>;
};
export declare function trapFiles(seed?: number): Record<string, string>;
export declare function mixedText(
  bytes: number,
  generate: { workflow(lines: number): string; terraform(resources: number): string; manifestStream(documents: number): string },
  seed?: number,
): { files: { file: string; text: string }[]; planted: PlantedSecret[] };
