-- $1: run ids. What the audit needs of each run: its name, where it is on disk (mixture files sit beside or above it).
SELECT r.id, r.name, r.path, r.format, s.path AS source_path
FROM runs r JOIN sources s ON s.id = r.source_id
WHERE list_contains($1::VARCHAR[], r.id)
ORDER BY r.path;
