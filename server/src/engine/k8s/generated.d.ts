// Types of server/generated/k8s-validators.js, the ajv standalone code that
// scripts/gen-k8s-validators.mjs compiles from schemas/kubernetes/ at build time. The module is
// generated (and gitignored), so its shape is declared here rather than next to it.
declare module '*/generated/k8s-validators.js' {
  /** An ajv error object, compiled with `allErrors` and `verbose`. */
  export interface K8sValidationError {
    /** JSON Pointer to the offending value, e.g. `/spec/template/spec/containers/0/image`. */
    instancePath: string;
    schemaPath: string;
    /** The failing JSON Schema keyword: `additionalProperties`, `type`, `enum`, `required`, … */
    keyword: string;
    params: {
      additionalProperty?: string;
      missingProperty?: string;
      allowedValues?: unknown[];
      allowedValue?: unknown;
      type?: string | string[];
      [name: string]: unknown;
    };
    message?: string;
    /** The schema object holding the failing keyword (its `properties` name the allowed fields). */
    parentSchema?: { properties?: Record<string, unknown>; [keyword: string]: unknown };
    data?: unknown;
  }

  export interface K8sValidateFunction {
    (data: unknown): boolean;
    errors?: K8sValidationError[] | null;
  }

  /** One validator per covered kind, keyed by `${apiVersion}/${kind}` (e.g. `apps/v1/Deployment`). */
  export const validators: Readonly<Record<string, K8sValidateFunction>>;
}
