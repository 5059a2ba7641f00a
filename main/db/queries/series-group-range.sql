-- $1 metric ids: the step range they cover together.
SELECT min(first_step) AS lo, max(last_step) AS hi FROM metrics WHERE list_contains($1::INTEGER[], id);
