-- $1: run ids. What changes when a run is re-imported: keys caches of results computed from its rows.
SELECT id, fingerprint, imported_at_ms
FROM runs
WHERE id IN (SELECT unnest($1::VARCHAR[]))
ORDER BY id;
