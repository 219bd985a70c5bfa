-- Transfers of a state-management function between sectors (e.g. gender equality: labour_social →
-- home_affairs from 2025-03-01, Nghị định 25/2025/NĐ-CP).
SELECT function_name, from_sector, to_sector, effective_date, legal_basis, note
FROM function_transfers
WHERE effective_date IS NOT NULL
ORDER BY effective_date
