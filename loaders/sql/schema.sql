-- All DDL of the plans database. Loader output tables carry plan_id and the source span
-- (section_path, line_start, line_end, quote) so every chart can link back to its sentence.

CREATE TABLE IF NOT EXISTS plans (
    plan_id VARCHAR PRIMARY KEY,      -- first 16 hex digits of the file's sha256
    source_path VARCHAR NOT NULL,     -- path as given to the ingest, relative to the project when inside it
    sha256 VARCHAR NOT NULL,
    bytes BIGINT,
    file_format VARCHAR,              -- txt, docx, pdf, html
    ingested_at TIMESTAMP,
    doc_type VARCHAR,                 -- KH, QD (decision issuing a plan), CV (guidance letter), other
    doc_number VARCHAR,               -- as printed, e.g. 415/QĐ-UBND; NULL when blank
    doc_number_raw VARCHAR,           -- the "Số: ..." line as printed
    issuer VARCHAR,                   -- e.g. UBND huyện Lạng Giang
    level VARCHAR,                    -- tỉnh, huyện, xã
    province VARCHAR,                 -- province as issued (before the 2025 reorganisation)
    district VARCHAR,
    province_2025 VARCHAR,            -- province the unit belongs to after 01/07/2025 (34 provinces)
    lat DOUBLE,                       -- centroid of the issuing unit (offline, from vietnamadminunits)
    lon DOUBLE,
    plan_year INTEGER,
    issue_date DATE,
    issue_date_precision VARCHAR,     -- day, month, year
    signer VARCHAR,
    signer_title VARCHAR,             -- e.g. KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    title VARCHAR,                    -- trích yếu
    proposing_agency VARCHAR,
    proposing_agency_id VARCHAR,
    recipients VARCHAR[],
    implements VARCHAR[],             -- numbers (or law names) of the documents named in the preamble
    truncated BOOLEAN,
    warnings VARCHAR[]
);

CREATE TABLE IF NOT EXISTS plan_lines (
    plan_id VARCHAR, idx INTEGER, line_start INTEGER, line_end INTEGER, text VARCHAR, text_folded VARCHAR
);

CREATE TABLE IF NOT EXISTS sections (
    plan_id VARCHAR, ord INTEGER, path VARCHAR, parent_path VARCHAR, depth INTEGER, marker VARCHAR,
    heading VARCHAR, body VARCHAR, kind VARCHAR, line_start INTEGER, line_end INTEGER
);

CREATE TABLE IF NOT EXISTS targets (
    plan_id VARCHAR, value DOUBLE, value_max DOUBLE, unit VARCHAR, comparator VARCHAR,
    indicator_text VARCHAR, indicator_key VARCHAR, target_year INTEGER, national_target_id VARCHAR,
    section_path VARCHAR, line_start INTEGER, line_end INTEGER, quote VARCHAR
);

CREATE TABLE IF NOT EXISTS activities (
    plan_id VARCHAR, section_path VARCHAR, text VARCHAR, themes VARCHAR[], objectives VARCHAR[],
    timeframe VARCHAR, line_start INTEGER, line_end INTEGER, quote VARCHAR
);

CREATE TABLE IF NOT EXISTS initiatives (
    plan_id VARCHAR, name VARCHAR, initiative_key VARCHAR,
    section_path VARCHAR, line_start INTEGER, line_end INTEGER, quote VARCHAR
);

CREATE TABLE IF NOT EXISTS responsibilities (
    plan_id VARCHAR, agency_raw VARCHAR, agency_id VARCHAR, agency_name VARCHAR, sector VARCHAR,
    role VARCHAR, task VARCHAR, section_path VARCHAR, line_start INTEGER, line_end INTEGER, quote VARCHAR
);

CREATE TABLE IF NOT EXISTS agencies (
    agency_id VARCHAR PRIMARY KEY, name VARCHAR, short_name VARCHAR, sector VARCHAR, level VARCHAR
);

CREATE TABLE IF NOT EXISTS cited_documents (
    cited_doc_id VARCHAR PRIMARY KEY, doc_type VARCHAR, doc_number VARCHAR, issue_date DATE,
    issuer VARCHAR, title VARCHAR
);

CREATE TABLE IF NOT EXISTS citations (
    plan_id VARCHAR, cited_doc_id VARCHAR, relation VARCHAR,
    section_path VARCHAR, line_start INTEGER, line_end INTEGER, quote VARCHAR
);

CREATE TABLE IF NOT EXISTS deadlines (
    plan_id VARCHAR, due_date DATE, end_date DATE, date_precision VARCHAR, kind VARCHAR, text VARCHAR,
    agency_id VARCHAR, section_path VARCHAR, line_start INTEGER, line_end INTEGER, quote VARCHAR
);

CREATE TABLE IF NOT EXISTS budget_sources (
    plan_id VARCHAR, source VARCHAR, text VARCHAR,
    section_path VARCHAR, line_start INTEGER, line_end INTEGER, quote VARCHAR
);

-- Reference tables copied from data/reference/ at every build, so queries can join them.
CREATE TABLE IF NOT EXISTS themes (theme_id VARCHAR, name_vi VARCHAR, name_en VARCHAR, keywords VARCHAR);
CREATE TABLE IF NOT EXISTS strategy_objectives (
    objective_id VARCHAR, name_vi VARCHAR, name_en VARCHAR, legal_basis VARCHAR, keywords VARCHAR
);
CREATE TABLE IF NOT EXISTS indicators (
    indicator_key VARCHAR, name_vi VARCHAR, name_en VARCHAR, national_target_id VARCHAR, keywords VARCHAR
);
CREATE TABLE IF NOT EXISTS national_targets (
    program_code VARCHAR, program_name VARCHAR, legal_basis VARCHAR, issued_date DATE, target_code VARCHAR,
    target_text_vi VARCHAR, value VARCHAR, unit VARCHAR, comparator VARCHAR, deadline_year INTEGER,
    source_url VARCHAR
);
CREATE TABLE IF NOT EXISTS function_transfers (
    function_name VARCHAR, from_sector VARCHAR, to_sector VARCHAR, effective_date DATE, legal_basis VARCHAR,
    note VARCHAR
);

CREATE TABLE IF NOT EXISTS build_info (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS files (
    source_path VARCHAR PRIMARY KEY, sha256 VARCHAR, bytes BIGINT, plan_id VARCHAR, status VARCHAR,
    message VARCHAR, ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP, files INTEGER, ingested INTEGER,
    unchanged INTEGER, removed INTEGER, plans INTEGER, sections INTEGER, errors INTEGER, seconds DOUBLE
);

CREATE TABLE IF NOT EXISTS ingest_errors (
    run_id INTEGER, source_path VARCHAR, stage VARCHAR, message VARCHAR, recorded_at TIMESTAMP
);

-- Analysts' corrections (data/corrections.csv, see loaders/corrections.py), rebuilt from the CSV and re-applied at
-- the end of every ingest. A row is named by table_name, plan_id, section_path, line_start and key_column = key_value.
CREATE TABLE IF NOT EXISTS corrections (
    seq INTEGER,                      -- order in the CSV (applied in this order)
    corrected_at TIMESTAMP, corrected_by VARCHAR, table_name VARCHAR, plan_id VARCHAR, section_path VARCHAR,
    line_start INTEGER, key_column VARCHAR, key_value VARCHAR, column_name VARCHAR,
    old_value VARCHAR, new_value VARCHAR,   -- as text: '' is NULL, lists are 'a|b'
    reason VARCHAR,
    status VARCHAR,                   -- applied, already, changed (row changed: not applied), missing, invalid
    rows_changed INTEGER, message VARCHAR
);
