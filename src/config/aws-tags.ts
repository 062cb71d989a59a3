/**
 * AWS's rules for user tags (the same across the services this platform tags): key 1 to 128
 * characters, value 0 to 256, letters, digits, spaces and _ . : / = + - @, and the `aws:` prefix
 * reserved for AWS (Tagging AWS resources, "Tag naming limits and requirements";
 * EC2 User Guide, "Tag restrictions"). Written here because CloudFormation validation only sees
 * the tags once they are spread over every resource, and reports each resource instead of the field.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
/** AWS allows 50 user tags a resource; the platform sets up to 10 of its own (project, environment, managed-by, Name, cluster and Karpenter ownership and discovery tags). */
export const USER_TAGS_MAX = 40;

const length = (s: string) => [...s].length;

export function tagKeyProblem(key: string): string | undefined {
  if (length(key) === 0) return 'tag keys have at least 1 character';
  if (length(key) > TAG_KEY_MAX) return `tag key "${key.slice(0, 20)}..." is ${length(key)} characters; AWS allows ${TAG_KEY_MAX}`;
  if (/^aws:/i.test(key)) return `tag key "${key}" starts with "aws:", which AWS reserves for its own tags`;
  if (!TAG_CHARACTERS.test(key)) return `tag key "${key}" uses characters AWS refuses; tags use letters, digits, spaces and _ . : / = + - @`;
  return undefined;
}

export function tagValueProblem(value: string): string | undefined {
  if (length(value) > TAG_VALUE_MAX) return `tag value "${value.slice(0, 20)}..." is ${length(value)} characters; AWS allows ${TAG_VALUE_MAX}`;
  if (!TAG_CHARACTERS.test(value)) return `tag value "${value}" uses characters AWS refuses; tags use letters, digits, spaces and _ . : / = + - @`;
  return undefined;
}
