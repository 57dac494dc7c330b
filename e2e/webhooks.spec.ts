import { expect, test, type Locator, type Page } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { signIn } from "./support/portal";
import { signedWith, startReceiver } from "./support/webhook-receiver";

const EVENT_TYPES = [
  "connection.failed",
  "connection.recovered",
  "connection.warning",
  "certificate.expiring",
  "certificate.renewed",
] as const;

// Each journey creates its users with the CLI and signs in; on a loaded two-core machine that outlasts the default minute.
test.describe.configure({ timeout: 120_000 });

async function tenantWithCustomer(prefix: string): Promise<{ id: string; name: string }> {
  const name = uniqueTenant(prefix);
  createUser("customer", name);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE name = $1`, [name]);
  return { id: tenant!.id, name };
}

// Fills the add form and submits it; returns the secret it shows once.
async function addWebhook(form: Locator, url: string, description = ""): Promise<string> {
  await form.getByLabel("URL", { exact: true }).fill(url);
  await form.getByLabel("Description").fill(description);
  await form.getByRole("button", { name: "Add webhook" }).click();
  const shown = form.getByRole("status", { name: "Signing secret" });
  await expect(shown).toContainText("it will not be shown again");
  const secret = (await shown.getByTestId("webhook-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  return secret;
}

// The delivery log is not live: reload until `check` passes.
async function untilLogShows(page: Page, check: () => Promise<void>, timeout = 20_000): Promise<void> {
  await expect(async () => {
    await page.getByRole("link", { name: "Refresh" }).click();
    await check();
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
}

const deliveries = (page: Page) => page.getByRole("table", { name: "Delivery log" }).getByTestId("webhook-delivery");

test("admin adds a tenant webhook, sees its secret once, and a test event reaches the receiver signed, retried after a 503", async ({
  page,
}) => {
  // The first retry waits 30 s (the library's default), and the journey waits for it.
  test.setTimeout(150_000);
  const receiver = await startReceiver((n) => (n === 1 ? 503 : 200));
  try {
    const tenant = await tenantWithCustomer("Hooks");
    const admin = createUser("admin");
    await signIn(page, admin);
    await page.goto(`/support/tenants/${tenant.id}`);
    const section = page.getByRole("region", { name: "Webhooks" });
    await expect(section).toContainText("No webhooks for this tenant.");
    const form = section.getByRole("form", { name: "Add a webhook for this tenant" });
    const events = form.getByRole("group", { name: "Events" });
    for (const type of EVENT_TYPES) await expect(events.getByLabel(type, { exact: true })).toBeChecked();
    const secret = await addWebhook(form, receiver.url, "Journey receiver");

    // Listed on the tenant's page and under Webhooks, with the tenant named.
    await page.reload();
    await expect(section.getByRole("link", { name: receiver.url })).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);
    await page.getByRole("navigation", { name: "Support console" }).getByRole("link", { name: "Webhooks" }).click();
    const row = page.getByTestId("webhook-row").filter({ hasText: receiver.url });
    await expect(row.getByRole("link", { name: tenant.name })).toBeVisible();
    await expect(row).toContainText("Enabled");
    await expect(row).toContainText("No deliveries yet");

    await row.getByRole("link", { name: receiver.url }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhook" })).toBeVisible();
    await expect(page.getByTestId("webhook-url")).toHaveText(receiver.url);
    await expect(page.getByRole("definition").filter({ hasText: admin.email })).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Test event queued" })).toBeVisible();
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const first = receiver.received[0]!;
    const body = JSON.parse(first.body) as { id: string; type: string; tenant: { name: string } };
    expect(body.type).toBe("webhook.test");
    expect(body.tenant.name).toBe(tenant.name);
    expect(first.headers["x-portal-event"]).toBe("webhook.test");
    expect(signedWith(first.headers["x-portal-signature"], first.body, [secret])).toEqual([secret]);
    const t = Number(/^t=([0-9]+),/.exec(String(first.headers["x-portal-signature"]))?.[1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(300);
    expect(signedWith(first.headers["x-portal-signature"], first.body, ["whsec_wrong"])).toEqual([]);

    // The 503 is an attempt that failed: the delivery waits for its retry.
    await untilLogShows(page, async () => {
      await expect(deliveries(page)).toHaveCount(1);
      await expect(deliveries(page).first()).toContainText("Retrying (next attempt at");
    });
    await expect(deliveries(page).first()).toContainText(body.id);
    await expect(deliveries(page).first()).toContainText("HTTP 503");

    // About 30 s later the same bytes go again, and the receiver answers 200.
    await expect.poll(() => receiver.received.length, { timeout: 60_000 }).toBe(2);
    expect(receiver.received[1]!.body).toBe(first.body);
    expect(signedWith(receiver.received[1]!.headers["x-portal-signature"], first.body, [secret])).toEqual([secret]);
    await untilLogShows(page, async () => {
      await expect(deliveries(page).first()).toContainText("Delivered");
    });
    const delivery = deliveries(page).first();
    await expect(delivery).toContainText("HTTP 200");
    await delivery.getByText("2 attempts").click();
    const attempts = delivery.getByTestId("webhook-attempt");
    await expect(attempts).toHaveCount(2);
    await expect(attempts.nth(0)).toContainText("HTTP 503");
    await expect(attempts.nth(0).locator("pre")).toHaveText("busy, try later");
    await expect(attempts.nth(1)).toContainText("HTTP 200");
    await expect(attempts.nth(1).locator("pre")).toHaveText("thanks");

    await page.goto("/support/webhooks");
    await expect(page.getByTestId("webhook-row").filter({ hasText: receiver.url })).toContainText(
      "Delivered · HTTP 200",
    );
  } finally {
    await receiver.close();
  }
});

test("support sees a webhook and its log without the admin forms, and redelivers a delivered event as a new delivery", async ({
  page,
  browser,
}) => {
  const receiver = await startReceiver();
  try {
    const tenant = await tenantWithCustomer("Hooks support");
    await signIn(page, createUser("admin"));
    await page.goto(`/support/tenants/${tenant.id}`);
    const form = page.getByRole("form", { name: "Add a webhook for this tenant" });
    // One event only: a test event goes whatever the webhook subscribes to.
    for (const type of EVENT_TYPES.slice(1)) await form.getByLabel(type, { exact: true }).uncheck();
    await addWebhook(form, receiver.url);
    await form.getByRole("link", { name: "Open the webhook's delivery log" }).click();
    await expect(page.getByRole("definition").filter({ hasText: "connection.failed" })).toBeVisible();
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const webhookPath = new URL(page.url()).pathname;

    const supportContext = await browser.newContext();
    try {
      const support = await supportContext.newPage();
      await signIn(support, createUser("support"));
      await support.goto(`/support/tenants/${tenant.id}`);
      const section = support.getByRole("region", { name: "Webhooks" });
      await expect(section.getByRole("link", { name: receiver.url })).toBeVisible();
      await expect(section).toContainText("Only an admin can add a webhook for this tenant.");
      await expect(section.getByRole("form")).toHaveCount(0);
      await support
        .getByRole("navigation", { name: "Support console" })
        .getByRole("link", { name: "Webhooks" })
        .click();
      await expect(support.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
      await expect(support.getByRole("form", { name: "Add a webhook for all tenants" })).toHaveCount(0);
      await support.getByRole("link", { name: receiver.url }).click();
      await expect(support).toHaveURL(new RegExp(`${webhookPath}$`));
      for (const name of ["Send test event", "Rotate secret", "Save webhook", "Delete webhook…"])
        await expect(support.getByRole("button", { name })).toHaveCount(0);
      await expect(support.getByTestId("webhook-manage-policy")).toBeVisible();

      await untilLogShows(support, async () => {
        await expect(deliveries(support).first()).toContainText("Delivered");
      });
      const original = deliveries(support).filter({ hasText: "webhook.test" });
      await expect(original).toHaveCount(1);
      const eventId = JSON.parse(receiver.received[0]!.body).id as string;
      await original.getByRole("button", { name: /^Redeliver/ }).click();
      await expect(original.getByRole("status")).toHaveText("Queued again as a new delivery.");
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
      expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
      expect(receiver.received[1]!.headers["x-portal-delivery"]).not.toBe(
        receiver.received[0]!.headers["x-portal-delivery"],
      );

      await untilLogShows(support, async () => {
        const tests = deliveries(support).filter({ hasText: "webhook.test" });
        await expect(tests).toHaveCount(2);
        await expect(tests.first()).toContainText("Redelivery");
        await expect(tests.first()).toContainText("Delivered");
      });
      for (const row of await deliveries(support).filter({ hasText: "webhook.test" }).all())
        await expect(row).toContainText(eventId);
      const audit = await sql(`SELECT 1 FROM audit_events WHERE action = 'webhook.redelivered' AND target_id = $1`, [
        webhookPath.split("/").pop(),
      ]);
      expect(audit).toHaveLength(1);
    } finally {
      await supportContext.close();
    }
  } finally {
    await receiver.close();
  }
});

test("a refused URL gets its error beside the URL field, and nothing is created", async ({ page }) => {
  const tenant = await tenantWithCustomer("Hooks refused");
  await signIn(page, createUser("admin"));
  await page.goto(`/support/tenants/${tenant.id}`);
  const form = page.getByRole("form", { name: "Add a webhook for this tenant" });
  const url = form.getByLabel("URL", { exact: true });
  const cases = [
    ["ftp://x", "Use an https:// URL"],
    ["https://user:pw@hooks.example.com/", "Remove the user name and password from the URL"],
  ] as const;
  for (const [value, message] of cases) {
    await url.fill(value);
    await form.getByRole("button", { name: "Add webhook" }).click();
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await expect(url).toHaveAccessibleDescription(new RegExp(message));
    await expect(url).toHaveValue(value);
    await expect(form.getByRole("alert")).toHaveCount(0);
  }
  // No event chosen: the error is on the Events group.
  await url.fill("https://hooks.example.com/portal");
  for (const type of EVENT_TYPES) await form.getByLabel(type, { exact: true }).uncheck();
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(form.getByRole("group", { name: "Events" })).toHaveAccessibleDescription("Choose at least one event.");
  await expect(form.getByTestId("webhook-secret")).toHaveCount(0);
  expect(await sql(`SELECT 1 FROM webhook_endpoints WHERE tenant_id = $1`, [tenant.id])).toHaveLength(0);
});

test("admin edits a webhook: a refused URL is kept out, and while disabled a test event is refused", async ({
  page,
}) => {
  const tenant = await tenantWithCustomer("Hooks edit");
  await signIn(page, createUser("admin"));
  await page.goto(`/support/tenants/${tenant.id}`);
  const form = page.getByRole("form", { name: "Add a webhook for this tenant" });
  await addWebhook(form, "http://127.0.0.1:9/edit-me", "Before");
  await form.getByRole("link", { name: "Open the webhook's delivery log" }).click();
  const edit = page.getByRole("form", { name: "Edit webhook" });
  await expect(edit.getByLabel("URL", { exact: true })).toHaveValue("http://127.0.0.1:9/edit-me");
  await expect(edit.getByLabel("Enabled")).toBeChecked();

  await edit.getByLabel("URL", { exact: true }).fill("https://user:pw@hooks.example.com/");
  await edit.getByRole("button", { name: "Save webhook" }).click();
  await expect(edit.getByLabel("URL", { exact: true })).toHaveAccessibleDescription(
    /Remove the user name and password/,
  );
  await expect(page.getByTestId("webhook-url")).toHaveText("http://127.0.0.1:9/edit-me");

  await edit.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:9/edited");
  await edit.getByLabel("Description").fill("After");
  await edit.getByLabel("connection.warning", { exact: true }).uncheck();
  await edit.getByLabel("Enabled").uncheck();
  await edit.getByRole("button", { name: "Save webhook" }).click();
  await expect(edit.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByTestId("webhook-url")).toHaveText("http://127.0.0.1:9/edited");
  await expect(page.getByTestId("webhook-status")).toHaveText("Disabled");
  await expect(page.getByRole("definition").filter({ hasText: "connection.recovered" })).not.toContainText(
    "connection.warning",
  );
  await expect(edit.getByLabel("Enabled")).not.toBeChecked();

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByRole("alert", { name: "No test event was sent" })).toContainText(
    "This webhook is disabled. Enable it first",
  );
  await expect(deliveries(page)).toHaveCount(0);
  const [row] = await sql<{ description: string; event_types: string[]; enabled: boolean }>(
    `SELECT description, event_types, enabled FROM webhook_endpoints WHERE tenant_id = $1`,
    [tenant.id],
  );
  expect(row).toEqual({
    description: "After",
    event_types: EVENT_TYPES.filter((t) => t !== "connection.warning"),
    enabled: false,
  });
});

test("rotating the secret shows the new one once; the previous one keeps signing until the time the page gives; delete asks first", async ({
  page,
}) => {
  const receiver = await startReceiver();
  try {
    const tenant = await tenantWithCustomer("Hooks rotate");
    await signIn(page, createUser("admin"));
    await page.goto(`/support/tenants/${tenant.id}`);
    const form = page.getByRole("form", { name: "Add a webhook for this tenant" });
    const oldSecret = await addWebhook(form, receiver.url);
    await form.getByRole("link", { name: "Open the webhook's delivery log" }).click();
    await expect(page.getByTestId("previous-secret-until")).toHaveCount(0);

    await page.getByRole("button", { name: "Rotate secret" }).click();
    const shown = page.getByRole("status", { name: "New signing secret" });
    await expect(shown).toContainText("it will not be shown again");
    const newSecret = (await shown.getByTestId("webhook-secret").textContent())!.trim();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const until = /previous secret stays valid until (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)/.exec(
      (await shown.textContent())!,
    )?.[1];
    expect(until).toBeDefined();
    const hours = (Date.parse(until!.replace(" UTC", "Z").replace(" ", "T")) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    await page.reload();
    await expect(page.getByTestId("previous-secret-until")).toHaveText(until!);
    await expect(page.getByText(newSecret)).toHaveCount(0);

    // During the rotation a request carries one signature per secret, the new one first.
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const { headers, body } = receiver.received[0]!;
    expect(signedWith(headers["x-portal-signature"], body, [newSecret, oldSecret])).toEqual([newSecret, oldSecret]);
    expect(headers["x-portal-signature"]).toMatch(/^t=[0-9]+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);

    // Deleting asks first; Cancel keeps it, and confirming removes it with its log.
    await page.getByRole("button", { name: "Delete webhook…" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete this webhook?" });
    await expect(confirm).toContainText(receiver.url);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    await page.getByRole("button", { name: "Delete webhook…" }).click();
    await expect(confirm.getByRole("button", { name: "Delete webhook" })).toBeFocused();
    await confirm.getByRole("button", { name: "Delete webhook" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByRole("link", { name: receiver.url })).toHaveCount(0);
    expect(await sql(`SELECT 1 FROM webhook_endpoints WHERE tenant_id = $1`, [tenant.id])).toHaveLength(0);
  } finally {
    await receiver.close();
  }
});

test("the add form can be filled and submitted with the keyboard alone", async ({ page }) => {
  const tenant = await tenantWithCustomer("Hooks keyboard");
  await signIn(page, createUser("admin"));
  await page.goto(`/support/tenants/${tenant.id}`);
  const form = page.getByRole("form", { name: "Add a webhook for this tenant" });
  const url = form.getByLabel("URL", { exact: true });
  // Tab from the top of the page until the URL field has focus.
  for (let i = 0; i < 150 && !(await url.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(url).toBeFocused();
  await page.keyboard.type("http://127.0.0.1:9/keyboard");
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("Description")).toBeFocused();
  await page.keyboard.type("Typed");
  for (const type of EVENT_TYPES) {
    await page.keyboard.press("Tab");
    await expect(form.getByLabel(type, { exact: true })).toBeFocused();
  }
  // Untick the last one, certificate.renewed, with the space bar.
  await page.keyboard.press("Space");
  await expect(form.getByLabel("certificate.renewed", { exact: true })).not.toBeChecked();
  await page.keyboard.press("Tab");
  await expect(form.getByRole("button", { name: "Add webhook" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(form.getByRole("status", { name: "Signing secret" })).toBeVisible();
  const rows = await sql<{ url: string; description: string; event_types: string[] }>(
    `SELECT url, description, event_types FROM webhook_endpoints WHERE tenant_id = $1`,
    [tenant.id],
  );
  expect(rows).toEqual([
    { url: "http://127.0.0.1:9/keyboard", description: "Typed", event_types: EVENT_TYPES.slice(0, 4) },
  ]);
});

test("the delivery log pages through older deliveries, 50 a page, newest first", async ({ page }) => {
  const tenant = await tenantWithCustomer("Paged hooks");
  // Finished deliveries of an endpoint nobody listens on: the jobs worker has nothing to send.
  const [endpoint] = await sql<{ id: string }>(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, secret_sealed)
     VALUES (gen_random_uuid(), $1, 'https://hooks.example.com/paged', ARRAY['connection.failed'], 'sealed') RETURNING id`,
    [tenant.id],
  );
  await sql(
    `INSERT INTO webhook_deliveries (endpoint_id, event_type, body, state, completed_at, last_status)
     SELECT $1, 'connection.failed', json_build_object('id', 'evt-' || n, 'type', 'connection.failed')::text,
            'delivered', now(), 200
     FROM generate_series(1, 55) n ORDER BY n`,
    [endpoint!.id],
  );
  await signIn(page, createUser("support"));
  await page.goto(`/support/webhooks/${endpoint!.id}`);
  await expect(deliveries(page)).toHaveCount(50);
  await expect(deliveries(page).first()).toContainText("evt-55");
  await expect(deliveries(page).last()).toContainText("evt-6");
  const pages = page.getByRole("navigation", { name: "Delivery log pages" });
  await expect(pages).toContainText("Newest deliveries");
  await pages.getByRole("link", { name: "Next" }).click();
  await expect(pages).toContainText("Older deliveries");
  await expect(deliveries(page)).toHaveCount(5);
  await expect(deliveries(page).first()).toContainText("evt-5");
  await expect(deliveries(page).last()).toContainText("evt-1");
  await expect(pages.getByRole("link", { name: "Next" })).toHaveCount(0);
  await pages.getByRole("link", { name: "First" }).click();
  await expect(deliveries(page)).toHaveCount(50);
  await expect(deliveries(page).first()).toContainText("evt-55");
});
