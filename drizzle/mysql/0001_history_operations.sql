CREATE TABLE `agent_session_operations` (
	`session_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`operation_id` varbinary(1020) NOT NULL,
	`fingerprint` char(64) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
	CONSTRAINT `agent_session_operations_session_id_operation_id_pk` PRIMARY KEY(`session_id`,`operation_id`)
);
--> statement-breakpoint
ALTER TABLE `agent_session_operations` ADD CONSTRAINT `agent_session_operations_session_id_agent_sessions_session_id_fk` FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON DELETE cascade ON UPDATE no action;