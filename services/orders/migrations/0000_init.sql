CREATE TABLE "orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"consumer_id" integer NOT NULL,
	"seller_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"product_name" text NOT NULL,
	"category" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"discount" integer NOT NULL,
	"quantity" integer NOT NULL,
	"color" text,
	"total" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text,
	"status_history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phase" text NOT NULL,
	"lease_until" timestamp with time zone,
	"compensation" text,
	"next_transition_at" timestamp with time zone,
	"idempotency_key" text,
	"consumer_email" text NOT NULL,
	"consumer_name" text NOT NULL,
	"consumer_locale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"exchange" text NOT NULL,
	"routing_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"seller_id" integer NOT NULL,
	"consumer_id" integer NOT NULL,
	"product_name" text NOT NULL,
	"consumer_name" text NOT NULL,
	"rating" double precision NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rating_synced" boolean DEFAULT false NOT NULL,
	CONSTRAINT "reviews_order_id_unique" UNIQUE("order_id")
);
--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_idempotency_uq" ON "orders" USING btree ("consumer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "orders_consumer_idx" ON "orders" USING btree ("consumer_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_seller_idx" ON "orders" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_due_idx" ON "orders" USING btree ("next_transition_at") WHERE next_transition_at is not null;--> statement-breakpoint
CREATE INDEX "orders_unsettled_idx" ON "orders" USING btree ("lease_until") WHERE phase <> 'DONE' or compensation = 'PENDING';--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "reviews_product_idx" ON "reviews" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE INDEX "reviews_seller_idx" ON "reviews" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "reviews_consumer_idx" ON "reviews" USING btree ("consumer_id","created_at");--> statement-breakpoint
CREATE INDEX "reviews_unsynced_idx" ON "reviews" USING btree ("id") WHERE rating_synced = false;