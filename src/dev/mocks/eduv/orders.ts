import type { SeededRandom } from './seed-random.ts';
import type { Onderwijsaanbieder, Order, OrderLine, OrderStatus, Product, SchoolPeriod } from './types.ts';

// Orders a school placed for a school year: placed in spring and summer before it starts, for
// products of its own levels. Orders for the earlier year are delivered (or were cancelled); those
// for the coming year are still on their way.

const DAY_MS = 86_400_000;

function dateBetween(rng: SeededRandom, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS);
  return new Date(start + rng.int(0, days) * DAY_MS).toISOString().slice(0, 10);
}

export interface OrderSequence {
  next: number;
}

export function generateOrders(
  rng: SeededRandom,
  aanbieder: Onderwijsaanbieder,
  periods: readonly SchoolPeriod[],
  products: readonly Product[],
  sequence: OrderSequence,
): Order[] {
  const suitable = products.filter((p) => p.levels.some((l) => aanbieder.levels.includes(l)));
  if (suitable.length === 0) return [];
  const orders: Order[] = [];
  periods.forEach((period, index) => {
    const year = Number(period.id.slice(0, 4));
    const latest = index === periods.length - 1;
    const count = rng.int(1, 3);
    for (let n = 1; n <= count; n++) {
      const lines: OrderLine[] = rng.sample(suitable, rng.int(2, Math.min(6, suitable.length))).map((product, i) => ({
        lineNumber: i + 1,
        productId: product.id,
        ean: product.ean,
        quantity: product.productType === 'digital' ? rng.int(15, 120) : rng.int(5, 60),
        unitPrice: { ...product.price },
      }));
      const status: OrderStatus = latest
        ? rng.weighted<OrderStatus>([['received', 1], ['confirmed', 2], ['shipped', 2], ['delivered', 3]])
        : rng.chance(0.15) ? 'cancelled' : 'delivered';
      orders.push({
        id: `ORD-${year}-${String(sequence.next++).padStart(5, '0')}`,
        orderReference: `${aanbieder.oieCode}-${year}-${String(n).padStart(3, '0')}`,
        orderDate: dateBetween(rng, `${year}-04-15`, `${year}-07-15`),
        organisationMasterIdentifier: aanbieder.id,
        schoolPeriodId: period.id,
        status,
        lines,
        total: { amountInCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amountInCents, 0), currency: 'EUR' },
      });
    }
  });
  return orders;
}
