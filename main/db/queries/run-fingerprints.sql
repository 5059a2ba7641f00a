-- $1 source id
SELECT id, fingerprint, importer_version FROM runs WHERE source_id = $1;
