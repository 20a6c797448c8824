ALTER TABLE "orders" ADD COLUMN "consumer_organization" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "seller_email" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "seller_name" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "seller_locale" text;