CREATE TABLE `agent_session_keys` (
	`session_id` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`wrapped_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `agent_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade
);
