-- $1: run ids. What changes when a run is re-imported: keys caches of results computed from its rows.
SELECT id, fingerprint, imported_at_ms
FROM runs
WHERE list_contains($1::VARCHAR[], id)
ORDER BY id;
