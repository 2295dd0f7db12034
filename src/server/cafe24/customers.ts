/**
 * One store member by id through the Admin API: `GET /customers?member_id=<id>` (scope
 * mall.read_customer; noston/cafe24-api-spec customers.md — one of member_id or cellphone is
 * required, full values only) → `{customers: [{member_id, available_points, …}]}`. There is no
 * `GET /customers/{member_id}` in the reference. A member that does not exist is not documented:
 * an empty list and a 404 both count as "not found".
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
  let body: unknown;
  try {
    body = await client.get(mallId, '/customers', { query: { member_id: memberId } });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return undefined;
    throw error;
  }
  const parsed = Customers.safeParse(body);
  if (!parsed.success)
    throw new ApiError('upstream_error', 'Cafe24 answered GET /customers in an unknown shape');
  const found = parsed.data.customers.find((c) => c.member_id === memberId);
  if (!found) return undefined;
  const points = found.available_points ?? 0;
  return { memberId, availablePoints: Number.isFinite(points) ? Math.floor(points) : 0 };
}
