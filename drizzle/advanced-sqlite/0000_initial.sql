CREATE TABLE `advanced_branches` (
	`session_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`lane_id` integer NOT NULL,
	`parent_branch_id` text,
	`from_turn` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`session_id`, `branch_id`),
	FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lane_id`) REFERENCES `advanced_lanes`(`lane_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `advanced_branches_branch_id_unique` ON `advanced_branches` (`branch_id`) WHERE "branch_id" <> 'main';--> statement-breakpoint
CREATE INDEX `advanced_branches_lane_idx` ON `advanced_branches` (`lane_id`);--> statement-breakpoint
CREATE TABLE `advanced_lanes` (
	`lane_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`parent_lane_id` integer,
	`parent_bound` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_lane_id`) REFERENCES `advanced_lanes`(`lane_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `advanced_lanes_parent_idx` ON `advanced_lanes` (`parent_lane_id`,`parent_bound`);--> statement-breakpoint
CREATE INDEX `advanced_lanes_session_idx` ON `advanced_lanes` (`session_id`);--> statement-breakpoint
CREATE TABLE `advanced_message_structure` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`lane_id` integer NOT NULL,
	`turn` integer NOT NULL,
	`kind` text NOT NULL,
	`tool_name` text,
	`search_text` text NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `agent_messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lane_id`) REFERENCES `advanced_lanes`(`lane_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `advanced_structure_lane_id_idx` ON `advanced_message_structure` (`lane_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `advanced_structure_lane_turn_idx` ON `advanced_message_structure` (`lane_id`,`turn`,`message_id`);--> statement-breakpoint
CREATE TABLE `advanced_session_metadata` (
	`session_id` text PRIMARY KEY NOT NULL,
	`metadata` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `advanced_turn_usage` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`turn` integer NOT NULL,
	`run_id` text NOT NULL,
	`model` text,
	`requests` integer NOT NULL,
	`input_tokens` integer NOT NULL,
	`cached_input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`reasoning_tokens` integer NOT NULL,
	`total_tokens` integer NOT NULL,
	`input_tokens_details` text NOT NULL,
	`output_tokens_details` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `advanced_turn_usage_branch_turn_idx` ON `advanced_turn_usage` (`session_id`,`branch_id`,`turn`);