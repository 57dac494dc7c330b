-- At most one running test per connection: a second concurrent start fails on this index.
-- (A partial index: Prisma's schema language cannot express it, see the note in schema.prisma.)
CREATE UNIQUE INDEX "test_runs_one_running_per_connection" ON "test_runs"("connection_id") WHERE "outcome" = 'running';
