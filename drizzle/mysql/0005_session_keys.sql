CREATE TABLE `agent_session_keys` (
	`session_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`key_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`wrapped_key` varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
	CONSTRAINT `agent_session_keys_session_id` PRIMARY KEY(`session_id`)
);
--> statement-breakpoint
ALTER TABLE `agent_session_keys` ADD CONSTRAINT `agent_session_keys_session_id_agent_sessions_session_id_fk` FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON DELETE cascade ON UPDATE no action;