CREATE TABLE "advanced_branch_handles" (
	"branch_id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advanced_branches" (
	"session_id" text NOT NULL,
	"branch_id" text NOT NULL,
	"lane_id" bigint NOT NULL,
	"parent_branch_id" text,
	"from_turn" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advanced_branches_session_id_branch_id_pk" PRIMARY KEY("session_id","branch_id")
);
--> statement-breakpoint
CREATE TABLE "advanced_lanes" (
	"session_id" text NOT NULL,
	"lane_id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "advanced_lanes_lane_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"parent_lane_id" bigint,
	"parent_bound" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advanced_lanes_session_id_lane_id_pk" PRIMARY KEY("session_id","lane_id")
);
--> statement-breakpoint
CREATE TABLE "advanced_message_structure" (
	"session_id" text NOT NULL,
	"message_id" bigint NOT NULL,
	"lane_id" bigint NOT NULL,
	"turn" integer NOT NULL,
	"kind" text NOT NULL,
	"tool_name" text,
	"search_text" text NOT NULL,
	CONSTRAINT "advanced_message_structure_session_id_message_id_pk" PRIMARY KEY("session_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "advanced_session_metadata" (
	"session_id" text PRIMARY KEY NOT NULL,
	"metadata" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advanced_turn_usage" (
	"session_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "advanced_turn_usage_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"branch_id" text NOT NULL,
	"turn" integer NOT NULL,
	"run_id" text NOT NULL,
	"model" text,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cached_input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"total_tokens" bigint NOT NULL,
	"input_tokens_details" text NOT NULL,
	"output_tokens_details" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advanced_turn_usage_session_id_id_pk" PRIMARY KEY("session_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "advanced_branches" ADD CONSTRAINT "advanced_branches_session_id_agent_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agent_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advanced_branches" ADD CONSTRAINT "advanced_branches_session_id_lane_id_advanced_lanes_session_id_lane_id_fk" FOREIGN KEY ("session_id","lane_id") REFERENCES "public"."advanced_lanes"("session_id","lane_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advanced_lanes" ADD CONSTRAINT "advanced_lanes_session_id_agent_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agent_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advanced_lanes" ADD CONSTRAINT "advanced_lanes_session_id_parent_lane_id_advanced_lanes_session_id_lane_id_fk" FOREIGN KEY ("session_id","parent_lane_id") REFERENCES "public"."advanced_lanes"("session_id","lane_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advanced_message_structure" ADD CONSTRAINT "advanced_message_structure_session_id_message_id_agent_messages_session_id_id_fk" FOREIGN KEY ("session_id","message_id") REFERENCES "public"."agent_messages"("session_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advanced_message_structure" ADD CONSTRAINT "advanced_message_structure_session_id_lane_id_advanced_lanes_session_id_lane_id_fk" FOREIGN KEY ("session_id","lane_id") REFERENCES "public"."advanced_lanes"("session_id","lane_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advanced_session_metadata" ADD CONSTRAINT "advanced_session_metadata_session_id_agent_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agent_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advanced_turn_usage" ADD CONSTRAINT "advanced_turn_usage_session_id_agent_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agent_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advanced_branch_handles_session_idx" ON "advanced_branch_handles" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "advanced_branches_lane_idx" ON "advanced_branches" USING btree ("session_id","lane_id");--> statement-breakpoint
CREATE INDEX "advanced_lanes_parent_idx" ON "advanced_lanes" USING btree ("session_id","parent_lane_id","parent_bound");--> statement-breakpoint
CREATE INDEX "advanced_structure_lane_id_idx" ON "advanced_message_structure" USING btree ("session_id","lane_id","message_id");--> statement-breakpoint
CREATE INDEX "advanced_structure_lane_turn_idx" ON "advanced_message_structure" USING btree ("session_id","lane_id","turn","message_id");--> statement-breakpoint
CREATE INDEX "advanced_turn_usage_branch_turn_idx" ON "advanced_turn_usage" USING btree ("session_id","branch_id","turn");--> statement-breakpoint
CREATE INDEX "agent_sessions_owner_updated_at_session_id_idx" ON "agent_sessions" USING btree ("owner","updated_at","session_id");--> statement-breakpoint
CREATE INDEX "agent_sessions_created_at_session_id_idx" ON "agent_sessions" USING btree ("created_at","session_id");