-- Accent-insensitive search (issue 3: "electronica" finds "Electrónica"). unaccent() is only STABLE (its dictionary
-- could change), so generated columns and indexes cannot call it; the usual remedy is an IMMUTABLE wrapper that names
-- the dictionary explicitly, schema-qualified so it works under any search_path.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.products_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- The search document of a product: name weighs most, then description, then the features text and rows.
-- The 'simple' configuration lowercases without stemming, so names in any language match word for word.
CREATE OR REPLACE FUNCTION public.products_search_document(name text, description text, features_text text, features_rows jsonb)
  RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(to_tsvector('simple', public.products_unaccent(coalesce(name, ''))), 'A')
        || setweight(to_tsvector('simple', public.products_unaccent(coalesce(description, ''))), 'B')
        || setweight(to_tsvector('simple', public.products_unaccent(
             coalesce(features_text, '') || ' ' ||
             coalesce((SELECT string_agg(concat_ws(' ', r->>'feature', r->>'value'), ' ')
                       FROM jsonb_array_elements(features_rows) AS r), ''))), 'C')
  $$;
