import type { Octokit } from '@octokit/rest';
import { z } from 'zod';
import type { ResponseExpectation } from './client.ts';

export const GRAPHQL_ERROR = z.object({
  message: z.string(),
  type: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export type GraphQLErrorShape = z.output<typeof GRAPHQL_ERROR>;

/** A GraphQL answer: `data` of the given shape (null when nothing resolved), `errors` beside it, at least one of them. */
function graphqlAnswer<T extends z.ZodType>(data: T) {
  return z
    .object({ data: data.nullable().optional(), errors: z.array(GRAPHQL_ERROR).optional() })
    .refine((answer) => answer.data !== undefined || answer.errors !== undefined, 'expected data or errors');
}

/**
 * GraphQL data and errors, whether or not the answer had errors (partial data is normal); the
 * answer is checked against `answer`, and retried when it does not match.
 */
export async function graphql<T extends z.ZodType>(
  octokit: Octokit,
  query: string,
  variables: Record<string, string>,
  answer: T,
): Promise<{ data: z.output<T> | null; errors: GraphQLErrorShape[] }> {
  const request: ResponseExpectation = { expect: graphqlAnswer(answer) };
  try {
    return { data: (await octokit.graphql(query, { ...variables, request })) as z.output<T> | null, errors: [] };
  } catch (error) {
    const partial = error as { data?: z.output<T> | null; errors?: GraphQLErrorShape[] };
    if (partial.data && partial.errors) return { data: partial.data, errors: partial.errors };
    throw error;
  }
}
