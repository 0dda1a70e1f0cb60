ALTER TABLE `agent_sessions` ADD `expires_at` text;--> statement-breakpoint
CREATE INDEX `agent_sessions_expires_at_idx` ON `agent_sessions` (`expires_at`);