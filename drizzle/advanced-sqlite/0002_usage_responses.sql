CREATE TABLE `advanced_usage_responses` (
	`session_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`response_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`session_id`, `branch_id`, `response_key`),
	FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade
);
