CREATE TABLE "product_images" (
	"id" serial PRIMARY KEY NOT NULL,
	"product_id" integer NOT NULL,
	"file" varchar(64) NOT NULL,
	"thumbnail_file" varchar(64) NOT NULL,
	"content_type" varchar(32) NOT NULL,
	"bytes" integer NOT NULL,
	"position" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_ratings" (
	"review_id" integer PRIMARY KEY NOT NULL,
	"product_id" integer NOT NULL,
	"rating" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" serial PRIMARY KEY NOT NULL,
	"seller_id" integer NOT NULL,
	"name" varchar(120) NOT NULL,
	"description" varchar(2000) NOT NULL,
	"category" varchar(40) NOT NULL,
	"state" varchar(10) NOT NULL,
	"colors" text[] DEFAULT '{}'::text[] NOT NULL,
	"price" bigint NOT NULL,
	"discount" smallint DEFAULT 0 NOT NULL,
	"stock" integer NOT NULL,
	"features_text" varchar(5000) DEFAULT '' NOT NULL,
	"features_rows" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"special_features" text[] DEFAULT '{}'::text[] NOT NULL,
	"rating_sum" double precision DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"final_price" bigint GENERATED ALWAYS AS ((price * (100 - discount) + 50) / 100) STORED NOT NULL,
	"rating_average" double precision GENERATED ALWAYS AS (CASE WHEN rating_count > 0 THEN rating_sum / rating_count ELSE 0 END) STORED NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (products_search_document(name, description, features_text, features_rows)) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_reservations" (
	"order_id" integer PRIMARY KEY NOT NULL,
	"product_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_ratings" ADD CONSTRAINT "product_ratings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_images_product_idx" ON "product_images" USING btree ("product_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "product_images_file_idx" ON "product_images" USING btree ("file");--> statement-breakpoint
CREATE INDEX "products_newest_idx" ON "products" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE published;--> statement-breakpoint
CREATE INDEX "products_category_newest_idx" ON "products" USING btree ("category","published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE published;--> statement-breakpoint
CREATE INDEX "products_seller_newest_idx" ON "products" USING btree ("seller_id","published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE published;--> statement-breakpoint
CREATE INDEX "products_final_price_idx" ON "products" USING btree ("final_price","id") WHERE published;--> statement-breakpoint
CREATE INDEX "products_rating_idx" ON "products" USING btree ("rating_average" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE published;--> statement-breakpoint
CREATE INDEX "products_search_idx" ON "products" USING gin ("search") WHERE published;