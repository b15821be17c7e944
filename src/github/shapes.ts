import { z } from 'zod';

/** A date GitHub gives as text; rules subtract them, so one that does not parse is a wrong answer. */
export const timestamp = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected a date');

/**
 * A connection's nodes. GitHub's schema lets a node be null (one it could not resolve, reported
 * in `errors`); such a node is left out rather than spoiling the repository.
 */
export function nodes<T extends z.ZodType>(node: T) {
  return z.object({ nodes: z.array(node.nullable()).transform((list) => list.filter((n): n is NonNullable<typeof n> => n !== null)) });
}

/** Where a connection's page ends: whether there is more, and the cursor to ask for it with. */
export const PAGE_INFO = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

/** A connection read page by page: its nodes and where the page ends. */
export function pagedNodes<T extends z.ZodType>(node: T) {
  return nodes(node).extend({ pageInfo: PAGE_INFO });
}

export const FIRST_COMMIT = nodes(z.object({ commit: z.object({ authoredDate: timestamp }) }));
