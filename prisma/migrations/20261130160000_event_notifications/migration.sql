-- Connection events reach people (lib/jobs/notify-task.ts): each row is claimed once by the notifier (notified_at),
-- and the certificate events join the connection ones. `days_left` is set on certificate.expiring (30, 7 or 1), and
-- one reminder per certificate and mark is kept by the unique index below.
ALTER TABLE "connection_events" ADD COLUMN "notified_at" TIMESTAMPTZ(3);
ALTER TABLE "connection_events" ADD COLUMN "certificate_id" UUID;
ALTER TABLE "connection_events" ADD COLUMN "days_left" INTEGER;
ALTER TABLE "connection_events" DROP CONSTRAINT "connection_events_type_check";
ALTER TABLE "connection_events" ADD CONSTRAINT "connection_events_type_check" CHECK ("type" IN (
  'connection.failed', 'connection.recovered', 'connection.warning', 'certificate.renewed', 'certificate.expiring'));
ALTER TABLE "connection_events" ADD CONSTRAINT "connection_events_days_left_check" CHECK (
  ("type" = 'certificate.expiring') = ("days_left" IS NOT NULL AND "certificate_id" IS NOT NULL));

-- Events from before this migration are history, not news: nobody is emailed about them now.
UPDATE "connection_events" SET "notified_at" = "occurred_at";

CREATE INDEX "connection_events_unnotified_idx" ON "connection_events"("id") WHERE "notified_at" IS NULL;
CREATE UNIQUE INDEX "connection_events_one_reminder" ON "connection_events"("certificate_id", "days_left")
  WHERE "type" = 'certificate.expiring';
