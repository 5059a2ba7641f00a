-- $1: run ids. What the audit needs of each run: its name, where it is on disk (mixture files sit beside or above it).
SELECT r.id, r.name, r.path, r.format, s.path AS source_path
FROM runs r JOIN sources s ON s.id = r.source_id
WHERE r.id IN (SELECT unnest($1::VARCHAR[]))
ORDER BY r.path;
