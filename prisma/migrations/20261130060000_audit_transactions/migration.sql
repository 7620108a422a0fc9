-- Each audit event remembers the transaction that wrote it: the events of one save (one Confirm of the
-- Secret Editor) read as one entry in the Activity, and nothing written apart is ever merged with them.
ALTER TABLE "AuditEvent" ADD COLUMN "txId" BIGINT DEFAULT txid_current();

-- The Activity reads people's events of a project, newest first; a save's events are found by transaction.
CREATE INDEX "AuditEvent_projectId_actorType_id_idx" ON "AuditEvent"("projectId", "actorType", "id");
CREATE INDEX "AuditEvent_txId_idx" ON "AuditEvent"("txId");
