ALTER TABLE `agent_sessions` ADD `owner` text;--> statement-breakpoint
CREATE INDEX `agent_sessions_updated_at_session_id_idx` ON `agent_sessions` (`updated_at`,`session_id`);--> statement-breakpoint
CREATE INDEX `agent_sessions_owner_updated_at_session_id_idx` ON `agent_sessions` (`owner`,`updated_at`,`session_id`);