CREATE TABLE `advanced_usage_responses` (
	`session_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`branch_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`response_key` char(64) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
	CONSTRAINT `advanced_usage_responses_pk` PRIMARY KEY(`session_id`,`branch_id`,`response_key`)
);
--> statement-breakpoint
ALTER TABLE `advanced_usage_responses` ADD CONSTRAINT `advanced_usage_responses_session_fk` FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON DELETE cascade ON UPDATE no action;