CREATE TABLE `balances` (
	`user_id` int NOT NULL,
	`amount` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `balances_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
CREATE TABLE `banks` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
	CONSTRAINT `banks_id` PRIMARY KEY(`id`),
	CONSTRAINT `banks_name_unique` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `countries` (
	`code` char(2) NOT NULL,
	`name_es` varchar(100) NOT NULL,
	`name_en` varchar(100) NOT NULL,
	CONSTRAINT `countries_code` PRIMARY KEY(`code`)
);
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` int NOT NULL,
	`kind` enum('TOPUP','DEBIT','REFUND') NOT NULL,
	`amount` bigint NOT NULL,
	`order_id` int,
	`balance_after` bigint NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ledger_entries_id` PRIMARY KEY(`id`),
	CONSTRAINT `ledger_kind_order_uq` UNIQUE(`kind`,`order_id`)
);
--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
	CONSTRAINT `organizations_id` PRIMARY KEY(`id`),
	CONSTRAINT `organizations_name_unique` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`message_id` varchar(36) NOT NULL,
	`exchange` varchar(100) NOT NULL,
	`routing_key` varchar(100) NOT NULL,
	`payload` json NOT NULL,
	`attempts` int NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL,
	`published_at` datetime(3),
	CONSTRAINT `outbox_id` PRIMARY KEY(`id`),
	CONSTRAINT `outbox_message_id_unique` UNIQUE(`message_id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
	`email` varchar(254) NOT NULL,
	`password_hash` varchar(100) NOT NULL,
	`role` enum('consumer','seller') NOT NULL,
	`country_code` char(2) NOT NULL,
	`organization_id` int NOT NULL,
	`bank_id` int,
	`locale` enum('en','es') NOT NULL DEFAULT 'es',
	`registered_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_username_unique` UNIQUE(`username`)
);
--> statement-breakpoint
ALTER TABLE `balances` ADD CONSTRAINT `balances_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD CONSTRAINT `ledger_entries_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_country_code_countries_code_fk` FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_organization_id_organizations_id_fk` FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_bank_id_banks_id_fk` FOREIGN KEY (`bank_id`) REFERENCES `banks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `ledger_user_idx` ON `ledger_entries` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_published_idx` ON `outbox` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `users_role_registered_idx` ON `users` (`role`,`registered_at`);--> statement-breakpoint
CREATE INDEX `users_registered_idx` ON `users` (`registered_at`);