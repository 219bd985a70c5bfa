-- Contents already in the database (sha256 → where), for duplicate detection before an import.
SELECT sha256, source_path FROM files WHERE sha256 IS NOT NULL
UNION ALL
SELECT sha256, source_path FROM plans
