-- Search also matches a product's category, by its name in either language, and its seller's display name
-- (issue 16: "electrónica" found nothing though the category had products). The seller's name is kept on the product
-- (docs/internals.md, "Seller names in the catalog"); the category names are the vocabulary of
-- packages/contracts/src/vocabularies.ts, which a test in services/products compares with this function.
ALTER TABLE "products" ADD COLUMN "seller_name" varchar(200) DEFAULT '' NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.products_category_words(slug text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE slug
      WHEN 'electronica' THEN 'Electrónica Electronics'
      WHEN 'audio' THEN 'Audio y video Audio and video'
      WHEN 'informatica' THEN 'Informática Computing'
      WHEN 'pequenios_dispositivos' THEN 'Pequeños dispositivos Small devices'
      WHEN 'herramientas' THEN 'Herramientas Tools'
      WHEN 'belleza' THEN 'Belleza Beauty'
      WHEN 'deporte_bienestar' THEN 'Deporte y bienestar Sport and wellbeing'
      WHEN 'prendas_moda' THEN 'Prendas y moda Clothing and fashion'
      WHEN 'vehiculos' THEN 'Vehículos Vehicles'
      WHEN 'industrias' THEN 'Industrias Industry'
      WHEN 'construccion' THEN 'Construcción Construction'
      WHEN 'oficinas' THEN 'Oficinas Office'
      WHEN 'otra' THEN 'Otra Other'
      ELSE ''
    END
  $$;
--> statement-breakpoint
-- Weights rank a match in the name (A) above one in the seller's name or description (B), the features or the
-- category (C): a product named "Parlante" comes before any product merely filed under "Audio y video".
CREATE OR REPLACE FUNCTION public.products_search_document(
  name text, description text, features_text text, features_rows jsonb, category text, seller_name text
) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT public.products_search_document(name, description, features_text, features_rows)
        || setweight(to_tsvector('simple', public.products_unaccent(coalesce(seller_name, ''))), 'B')
        || setweight(to_tsvector('simple', public.products_unaccent(public.products_category_words(category))), 'C')
  $$;
--> statement-breakpoint
-- A generated column's expression cannot be altered: the column (and its index) is made again, which rewrites the
-- table once.
ALTER TABLE "products" DROP COLUMN "search";
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "search" "tsvector"
  GENERATED ALWAYS AS (products_search_document(name, description, features_text, features_rows, category, seller_name)) STORED NOT NULL;
--> statement-breakpoint
CREATE INDEX "products_search_idx" ON "products" USING gin ("search") WHERE published;
