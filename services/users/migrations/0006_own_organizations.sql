ALTER TABLE `organizations` DROP INDEX `organizations_name_unique`;--> statement-breakpoint
CREATE INDEX `organizations_name_idx` ON `organizations` (`name`);
