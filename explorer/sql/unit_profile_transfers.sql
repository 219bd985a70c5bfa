-- Transfers of state-management functions between sectors (reference table), to explain lead-agency changes.
SELECT function_name, from_sector, to_sector, effective_date, legal_basis, note
FROM function_transfers
ORDER BY effective_date
