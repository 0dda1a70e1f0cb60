CREATE TABLE `advanced_branches` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`session_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`branch_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`branch_key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin GENERATED ALWAYS AS ((if(`branch_id` = 'main', NULL, `branch_id`))) STORED,
	`lane_id` bigint unsigned NOT NULL,
	`parent_branch_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
	`from_turn` int,
	`created_at` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
	CONSTRAINT `advanced_branches_id` PRIMARY KEY(`id`),
	CONSTRAINT `advanced_branches_session_branch_unique` UNIQUE(`session_id`,`branch_id`),
	CONSTRAINT `advanced_branches_branch_key_unique` UNIQUE(`branch_key`)
);
--> statement-breakpoint
CREATE TABLE `advanced_lanes` (
	`lane_id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`session_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`parent_lane_id` bigint unsigned,
	`parent_bound` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
	CONSTRAINT `advanced_lanes_lane_id` PRIMARY KEY(`lane_id`)
);
--> statement-breakpoint
CREATE TABLE `advanced_session_metadata` (
	`session_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`metadata` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`updated_at` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
	CONSTRAINT `advanced_session_metadata_session_id` PRIMARY KEY(`session_id`)
);
--> statement-breakpoint
CREATE TABLE `advanced_turn_usage` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`session_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`branch_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`turn` int NOT NULL,
	`run_id` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`model` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
	`requests` bigint NOT NULL,
	`input_tokens` bigint NOT NULL,
	`cached_input_tokens` bigint NOT NULL,
	`output_tokens` bigint NOT NULL,
	`reasoning_tokens` bigint NOT NULL,
	`total_tokens` bigint NOT NULL,
	`input_tokens_details` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`output_tokens_details` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
	CONSTRAINT `advanced_turn_usage_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `agent_messages` ADD `lane_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `agent_messages` ADD `turn` int;--> statement-breakpoint
ALTER TABLE `agent_messages` ADD `kind` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;--> statement-breakpoint
ALTER TABLE `agent_messages` ADD `tool_name` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;--> statement-breakpoint
ALTER TABLE `agent_messages` ADD `search_text` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;--> statement-breakpoint
ALTER TABLE `agent_sessions` ADD `owner` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;--> statement-breakpoint
ALTER TABLE `advanced_branches` ADD CONSTRAINT `advanced_branches_session_id_agent_sessions_session_id_fk` FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `advanced_lanes` ADD CONSTRAINT `advanced_lanes_session_id_agent_sessions_session_id_fk` FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `advanced_session_metadata` ADD CONSTRAINT `advanced_metadata_session_fk` FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `advanced_turn_usage` ADD CONSTRAINT `advanced_turn_usage_session_id_agent_sessions_session_id_fk` FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `advanced_branches_lane_idx` ON `advanced_branches` (`lane_id`);--> statement-breakpoint
CREATE INDEX `advanced_lanes_parent_idx` ON `advanced_lanes` (`parent_lane_id`,`parent_bound`);--> statement-breakpoint
CREATE INDEX `advanced_turn_usage_branch_turn_idx` ON `advanced_turn_usage` (`session_id`,`branch_id`,`turn`);--> statement-breakpoint
CREATE INDEX `agent_messages_lane_id_idx` ON `agent_messages` (`lane_id`,`id`);--> statement-breakpoint
CREATE INDEX `agent_messages_lane_turn_idx` ON `agent_messages` (`lane_id`,`turn`,`id`);--> statement-breakpoint
CREATE INDEX `agent_sessions_updated_idx` ON `agent_sessions` (`updated_at`,`session_id`);--> statement-breakpoint
CREATE INDEX `agent_sessions_owner_updated_idx` ON `agent_sessions` (`owner`,`updated_at`,`session_id`);