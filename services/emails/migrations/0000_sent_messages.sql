CREATE TABLE "sent_messages" (
	"message_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"claim_token" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"claims" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sent_messages_sent_at_idx" ON "sent_messages" USING btree ("sent_at");