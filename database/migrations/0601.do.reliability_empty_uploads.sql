-- =============================================================================
-- 0601 reliability: an empty upload is refused (R2)
--   A 0-byte file passed every bucket check (its sniffed type is text/plain)
--   and was stored as a ticket attachment or a generic file. The bucket rules
--   live in app.register_storage_object() (one place for size and type), so
--   the rule "a file has at least one byte" joins them there: BC422 on the
--   field "file". Same signature, rights and ownership as 0004.
-- =============================================================================
CREATE OR REPLACE FUNCTION app.register_storage_object(p_object_id uuid, p_bucket text, p_object_key text, p_size bigint,
                                                       p_content_type text, p_sha256 text, p_original_name text,
                                                       p_owner_table text DEFAULT NULL, p_owner_id text DEFAULT NULL)
RETURNS app.storage_objects
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_b   app.storage_buckets;
  v_obj app.storage_objects;
BEGIN
  SELECT * INTO v_b FROM app.storage_buckets WHERE bucket = p_bucket;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC422', 'Unknown bucket', '{"errors":[{"field":"bucket","message":"unknown bucket"}]}');
  END IF;
  IF p_size IS NULL OR p_size <= 0 THEN
    PERFORM app.raise_error('BC422', 'The file is empty', '{"errors":[{"field":"file","message":"is empty"}]}');
  END IF;
  IF p_size > v_b.max_bytes THEN
    PERFORM app.raise_error('BC413', format('File is larger than %s MB', v_b.max_bytes / 1024 / 1024));
  END IF;
  IF NOT (p_content_type = ANY (v_b.allowed_types)) THEN
    PERFORM app.raise_error('BC415', 'This file type is not accepted here');
  END IF;
  INSERT INTO app.storage_objects (object_id, bucket, object_key, size_bytes, content_type, sha256, original_name, owner_table, owner_id)
  VALUES (p_object_id, p_bucket, p_object_key, p_size, p_content_type, p_sha256, left(p_original_name, 255), p_owner_table, p_owner_id)
  RETURNING * INTO v_obj;
  RETURN v_obj;
END
$$;
COMMENT ON FUNCTION app.register_storage_object(uuid, text, text, bigint, text, text, text, text, text) IS
  'Records a stored file after its bytes were written; enforces that it is not empty and the bucket''s size and content-type limits (one place). Runs under the caller''s RLS.';
