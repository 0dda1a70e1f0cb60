ALTER TABLE "agent_sessions" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "agent_sessions_expires_at_idx" ON "agent_sessions" USING btree ("expires_at");