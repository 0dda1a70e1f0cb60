ALTER TABLE `agent_sessions` ADD `expires_at` datetime(3);--> statement-breakpoint
CREATE INDEX `agent_sessions_expires_at_idx` ON `agent_sessions` (`expires_at`);