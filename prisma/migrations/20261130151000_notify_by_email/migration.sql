-- Status-change and certificate emails (lib/notifications): each customer can turn them off; on by default.
ALTER TABLE "users" ADD COLUMN "notify_by_email" BOOLEAN NOT NULL DEFAULT true;
