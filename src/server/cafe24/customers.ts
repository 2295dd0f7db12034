/**
 * One store member by id through the Admin API: `GET /customers?member_id=<id>` (scope
 * mall.read_customer; noston/cafe24-api-spec customers.md — one of member_id or cellphone is
 * required, full values only) → `{customers: [{member_id, available_points, …}]}`. There is no
 * `GET /customers/{member_id}` in the reference. For a search, "no such member" is a 200 whose
 * list lacks it; only that counts as not found. Any failure (a 404 from a wrong path or a closed
 * mall, the app not installed, 5xx) throws: a caller that tombstones must never take an error for
 * a deleted member.
 */
import { z } from 'zod';
import { ApiError } from '../errors';
import type { AdminClient } from './client';

const amount = z.union([z.string(), z.number()]).transform(Number);
const Customers = z.object({
  customers: z.array(z.object({ member_id: z.string(), available_points: amount.optional() })),
});

export interface Customer {
  memberId: string;
  /** Spendable points (mileage), whole units. */
  availablePoints: number;
}

export async function findCustomer(
  client: AdminClient,
  mallId: string,
  memberId: string,
): Promise<Customer | undefined> {
  const body = await client.get(mallId, '/customers', { query: { member_id: memberId } });
  const parsed = Customers.safeParse(body);
  if (!parsed.success)
    throw new ApiError('upstream_error', 'Cafe24 answered GET /customers in an unknown shape');
  const found = parsed.data.customers.find((c) => c.member_id === memberId);
  if (!found) return undefined;
  const points = found.available_points ?? 0;
  return { memberId, availablePoints: Number.isFinite(points) ? Math.floor(points) : 0 };
}
