import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";

// The support console's delivery log pages through an endpoint's deliveries, newest first, 50 a page (keyset on the
// delivery id): every delivery on exactly one page, and a delivery arriving meanwhile moves no page.
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { listWebhookDeliveries, DELIVERIES_SHOWN } = await import("@/lib/webhooks/views");

async function endpointWith(deliveries: number): Promise<string> {
  const id = randomUUID();
  await getDb().webhookEndpoint.create({
    data: { id, url: "https://hooks.example.com/in", eventTypes: ["connection.failed"], secretSealed: "sealed" },
  });
  await getDb().webhookDelivery.createMany({
    data: Array.from({ length: deliveries }, (_, i) => ({
      endpointId: id,
      eventType: "webhook.test",
      body: JSON.stringify({ id: `evt-${i}`, type: "webhook.test" }),
    })),
  });
  return id;
}

describe("the webhook delivery log", () => {
  it("shows 120 deliveries as pages of 50, 50 and 20, newest first, each once", async () => {
    const endpoint = await endpointWith(120);
    const pages = [];
    let before: string | null = null;
    do {
      const page = await listWebhookDeliveries(endpoint, before);
      pages.push(page.deliveries);
      before = page.olderBefore;
    } while (before && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([DELIVERIES_SHOWN, DELIVERIES_SHOWN, 20]);
    const events = pages.flat().map((d) => d.eventId);
    expect(new Set(events).size).toBe(120);
    expect(events[0]).toBe("evt-119");
    expect(events.at(-1)).toBe("evt-0");
    const ids = pages.flat().map((d) => BigInt(d.id));
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1]!)).toBe(true);
  });

  it("keeps an older page where it was when a new delivery arrives, and reads a bad `before` as the newest page", async () => {
    const endpoint = await endpointWith(60);
    const first = await listWebhookDeliveries(endpoint);
    expect(first.olderBefore).not.toBeNull();
    expect(first.older).toBe(false);
    const second = await listWebhookDeliveries(endpoint, first.olderBefore);
    expect(second.older).toBe(true);
    await endpointDelivery(endpoint, "evt-new");
    const again = await listWebhookDeliveries(endpoint, first.olderBefore);
    expect(again.deliveries.map((d) => d.id)).toEqual(second.deliveries.map((d) => d.id));
    expect(again.olderBefore).toBeNull();
    expect((await listWebhookDeliveries(endpoint)).deliveries[0]!.eventId).toBe("evt-new");
    for (const bad of ["abc", "-1", "0", "99999999999999999999", "1; DROP TABLE webhook_deliveries"]) {
      const page = await listWebhookDeliveries(endpoint, bad);
      expect(page.deliveries[0]!.eventId).toBe("evt-new");
      expect(page.older).toBe(false);
    }
  });
});

async function endpointDelivery(endpointId: string, eventId: string): Promise<void> {
  await getDb().webhookDelivery.create({
    data: { endpointId, eventType: "webhook.test", body: JSON.stringify({ id: eventId, type: "webhook.test" }) },
  });
}
