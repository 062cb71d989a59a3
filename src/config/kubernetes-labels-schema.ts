/** Kubernetes label and taint keys and values in the environment file, checked with Kubernetes' own rules (kubernetes-names.ts). */
import { z } from 'zod';
import { labelValueProblem, qualifiedNameProblem } from './kubernetes-names';

export const labelKey = z.string().superRefine((v, ctx) => {
  const problem = qualifiedNameProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem} (label and taint keys are an optional DNS prefix of up to 253 characters, "/", then a name of up to 63)` });
});
export const labelValue = z.string().superRefine((v, ctx) => {
  const problem = labelValueProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** Kubernetes labels: every key and value checked, each problem on its own key. */
export const kubernetesLabels = (extra?: (key: string, value: string) => string | undefined) =>
  z.record(z.string(), z.string()).superRefine((labels, ctx) => {
    for (const [key, value] of Object.entries(labels)) {
      const keyProblem = qualifiedNameProblem(key);
      const problem = keyProblem
        ? `${keyProblem} (label keys are an optional DNS prefix of up to 253 characters, "/", then a name of up to 63)`
        : labelValueProblem(value) ?? extra?.(key, value);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });
