//! `cargo xtask import` end to end, against real PostgreSQL (hims-testdb).
//!
//! The round trip: build a database from a small but varied schema, `pg_dump -s` it, import
//! the dump, compile the generated modules in a copy of the workspace, run a tiny program
//! there that builds the model and prints its baseline SQL, apply that SQL to a fresh
//! database, and compare both databases by catalog (`hims_pg::introspect`).
//!
//! The copy (as in `scaffold_e2e.rs`, which explains the pitfalls) sits at a fixed place
//! under `target/tmp/` and keeps the sources' modification times, so later runs rebuild
//! only what changed. It holds just the crates hims-schema-defs needs, under a workspace
//! manifest listing only those (so concurrent edits elsewhere in the workspace cannot break
//! it), and builds with its own `CARGO_TARGET_DIR` beside it: its path crates then never
//! share artifacts with this workspace's, and this workspace's builds never wait on it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime};

use hims_testdb::TestDb;

/// Supported by the model, and as varied as it allows: enums with case-sensitive values
/// (and one in another schema, named by a Rust keyword), composite keys, foreign keys
/// with ON DELETE across schemas, checks, a partial, an expression and a GIN index, an
/// exclusion constraint, comments, identity and generated columns, RLS with a policy, a
/// SQL function reading a table, a trigger and a view.
const SUPPORTED: &str = r#"
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'Round-trip fixture: a small clinic';
CREATE SCHEMA ref;

CREATE TYPE ref.consent_status AS ENUM ('REQUESTED', 'GRANTED', 'request.queued', 'OPConsultation', 'denied');
COMMENT ON TYPE ref.consent_status IS 'Consent states, spelled as the exchange sends them.';
CREATE TYPE app.visit_kind AS ENUM ('outpatient', 'inpatient', 'day_care');

CREATE TABLE ref.countries (
    code character(2) PRIMARY KEY,
    name text NOT NULL,
    CONSTRAINT countries_code_check CHECK (code ~ '^[A-Z]{2}$')
);

CREATE FUNCTION app.current_clinic() RETURNS uuid LANGUAGE sql STABLE
AS $$ SELECT NULLIF(current_setting('app.clinic_id', true), '')::uuid $$;

CREATE TABLE app.clinics (
    id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
    name character varying(120) NOT NULL,
    country character(2) NOT NULL REFERENCES ref.countries (code),
    beds smallint DEFAULT 10 NOT NULL,
    opened_on date,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT clinics_name_key UNIQUE (name)
);
CREATE INDEX clinics_country_idx ON app.clinics (country);
COMMENT ON TABLE app.clinics IS 'Facilities.';
COMMENT ON COLUMN app.clinics.name IS 'Display name.
Unique across the group.';

CREATE TABLE app.patients (
    clinic_id uuid NOT NULL REFERENCES app.clinics (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    mrn text NOT NULL,
    full_name text NOT NULL,
    "type" text DEFAULT 'general',
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    balance numeric(12,2) DEFAULT 0.00 NOT NULL,
    total_visits bigint DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    registered_at timestamp with time zone DEFAULT now() NOT NULL,
    search text GENERATED ALWAYS AS (lower(full_name || ' ' || mrn)) STORED,
    CONSTRAINT patients_pk PRIMARY KEY (clinic_id, id),
    CONSTRAINT patients_mrn_key UNIQUE (clinic_id, mrn),
    CONSTRAINT patients_balance_check CHECK (balance >= 0)
);
COMMENT ON COLUMN app.patients.mrn IS 'Medical record number: never reused.';
CREATE INDEX patients_active_idx ON app.patients (clinic_id, registered_at DESC) WHERE active;
CREATE INDEX patients_lower_name_idx ON app.patients (lower(full_name));
CREATE INDEX patients_tags_idx ON app.patients USING gin (tags);
ALTER TABLE app.patients ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.patients FORCE ROW LEVEL SECURITY;
CREATE POLICY clinic_isolation ON app.patients
    USING (clinic_id = app.current_clinic()) WITH CHECK (clinic_id = app.current_clinic());

CREATE TABLE app.visits (
    clinic_id uuid NOT NULL,
    patient_id bigint NOT NULL,
    visit_no integer NOT NULL,
    kind app.visit_kind DEFAULT 'outpatient' NOT NULL,
    consent ref.consent_status,
    room integer NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    notes text,
    PRIMARY KEY (clinic_id, patient_id, visit_no),
    FOREIGN KEY (clinic_id, patient_id) REFERENCES app.patients (clinic_id, id) ON DELETE RESTRICT,
    CONSTRAINT visits_period_check CHECK (ends_at > starts_at),
    CONSTRAINT visits_room_no_overlap EXCLUDE USING gist (room WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

CREATE FUNCTION app.touch_visit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.notes := coalesce(NEW.notes, '');
    RETURN NEW;
END
$$;
CREATE TRIGGER visits_touch BEFORE INSERT OR UPDATE ON app.visits
    FOR EACH ROW EXECUTE FUNCTION app.touch_visit();

CREATE FUNCTION app.visit_count(p_clinic uuid, p_patient bigint) RETURNS bigint
    LANGUAGE sql STABLE STRICT
AS $$
SELECT count(*) FROM app.visits v WHERE v.clinic_id = p_clinic AND v.patient_id = p_patient
$$;
COMMENT ON FUNCTION app.visit_count(uuid, bigint) IS 'Visits of one patient.';

CREATE VIEW app.patient_summary WITH (security_invoker = true) AS
SELECT p.clinic_id, p.id, p.full_name, app.visit_count(p.clinic_id, p.id) AS visits
  FROM app.patients p WHERE p.active;
COMMENT ON VIEW app.patient_summary IS 'One row per active patient.';

CREATE MATERIALIZED VIEW app.visit_totals AS
SELECT clinic_id, count(*) AS n FROM app.visits GROUP BY clinic_id WITH NO DATA;
CREATE UNIQUE INDEX visit_totals_clinic_idx ON app.visit_totals (clinic_id);
COMMENT ON MATERIALIZED VIEW app.visit_totals IS 'Visits per clinic, refreshed nightly.';
-- WITH NO DATA: a schema-only dump creates every materialized view unpopulated (the
-- property is the view's state, which `pg_dump -s` does not carry).
CREATE MATERIALIZED VIEW ref.country_names AS SELECT code, lower(name) AS name FROM ref.countries WITH NO DATA;
CREATE INDEX country_names_name_idx ON ref.country_names (name) WHERE code <> 'XX';
"#;

/// Triggers and functions as other teams write them: trigger arguments (a built-in trigger
/// function among them), `UPDATE OF`, `WHEN`, transition tables, constraint triggers; OUT,
/// INOUT and VARIADIC arguments, defaults, unnamed arguments, `RETURNS TABLE` (issue #10).
const TRIGGERS: &str = r#"
CREATE TABLE app.documents (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    search tsvector
);
CREATE FUNCTION app.note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RETURN NULL;
END
$$;
CREATE TRIGGER documents_search BEFORE INSERT OR UPDATE OF title, body ON app.documents
    FOR EACH ROW EXECUTE FUNCTION pg_catalog.tsvector_update_trigger('search', 'pg_catalog.english', 'title', 'body');
CREATE TRIGGER documents_renamed AFTER UPDATE OF title ON app.documents
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION app.note_change('title', 'it''s renamed');
CREATE TRIGGER documents_added AFTER INSERT ON app.documents REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION app.note_change();
CREATE CONSTRAINT TRIGGER documents_checked AFTER INSERT OR UPDATE ON app.documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.note_change();
CREATE FUNCTION app.split_amount(p numeric, OUT rupees integer, OUT paise integer)
    LANGUAGE sql IMMUTABLE AS $$ SELECT trunc(p)::int, ((p - trunc(p)) * 100)::int $$;
CREATE FUNCTION app.bump(INOUT n integer, step integer DEFAULT 1)
    LANGUAGE sql IMMUTABLE AS $$ SELECT n + step $$;
CREATE FUNCTION app.total(VARIADIC amounts numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT sum(a) FROM unnest(amounts) a $$;
CREATE FUNCTION app.label(integer, text DEFAULT 'doc') RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT $2 || '#' || $1 $$;
CREATE FUNCTION app.titled(prefix text DEFAULT '')
    RETURNS TABLE (document_id integer, document_title text)
    LANGUAGE sql STABLE AS $$ SELECT id, title FROM app.documents WHERE title LIKE prefix || '%' $$;
"#;

/// Every built-in type `format_type()` prints, with its modifiers, arrays of them, and an
/// extension's type (issue #10): the round trip must keep each exactly.
const TYPES: &str = r#"
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA zoo;
CREATE TYPE zoo.mood AS ENUM ('calm', 'busy');
CREATE TABLE zoo.samples (
    id integer PRIMARY KEY,
    t0 timestamp(0) without time zone,
    t3 timestamp(3) without time zone DEFAULT now() NOT NULL,
    tz0 timestamp(0) with time zone,
    tz6 timestamp(6) with time zone DEFAULT now() NOT NULL,
    tm2 time(2) without time zone,
    tmz time with time zone,
    tmz3 time(3) with time zone,
    iv interval,
    iv_ym interval year to month,
    iv_ds interval day to second(3),
    iv_p interval(0),
    iv_min interval minute,
    b8 bit(8),
    b1 bit,
    vb bit varying,
    vb16 bit varying(16) DEFAULT B'101'::bit varying,
    price money DEFAULT 0 NOT NULL,
    ip inet,
    net cidr,
    mac macaddr,
    mac8 macaddr8,
    doc tsvector,
    query tsquery,
    body xml,
    pt point,
    ln line,
    seg lseg,
    bx box,
    pth path,
    poly polygon,
    circ circle,
    flag "char",
    padded bpchar,
    code character(3),
    email citext NOT NULL,
    emails citext[],
    stamps timestamp(3) without time zone[],
    spans interval day to second(3)[],
    masks bit(4)[],
    nets cidr[],
    points point[],
    moods zoo.mood[] DEFAULT '{}'::zoo.mood[] NOT NULL,
    matrix integer[],
    ages int4range,
    days daterange,
    stay tstzrange,
    lsn pg_lsn,
    doc_vectors tsvector[],
    CONSTRAINT samples_email_key UNIQUE (email)
);
CREATE INDEX samples_doc_idx ON zoo.samples USING gin (doc);
"#;

/// Names exactly as the database has them (issue #10): upper case, camelCase and spaces in
/// schema, type, table, column, constraint and index names, a CamelCase enum in a schema
/// with a space, a quoted type name in a default and a view, and foreign keys no index
/// serves (an imported schema gets no foreign-key indexes, so none may appear).
const NAMES: &str = r#"
CREATE SCHEMA "Weird Schema";
COMMENT ON SCHEMA "Weird Schema" IS 'Names as an ORM made them.';
CREATE TYPE "Weird Schema"."Status" AS ENUM ('Active', 'On Hold', 'closed');
CREATE TABLE "Weird Schema"."User" (
    id integer NOT NULL,
    "createdAt" timestamp(3) without time zone DEFAULT now() NOT NULL,
    "display name" text,
    "Email" text NOT NULL,
    status "Weird Schema"."Status" DEFAULT 'Active'::"Weird Schema"."Status" NOT NULL,
    CONSTRAINT "User_pkey" PRIMARY KEY (id),
    CONSTRAINT "User_Email_key" UNIQUE ("Email"),
    CONSTRAINT "display name not blank" CHECK ("display name" <> '')
);
CREATE INDEX "User_createdAt_idx" ON "Weird Schema"."User" ("createdAt");
COMMENT ON COLUMN "Weird Schema"."User"."createdAt" IS 'Set by the ORM.';
CREATE TABLE "Weird Schema"."Order Items" (
    "orderId" integer NOT NULL,
    "userId" integer NOT NULL,
    "unit price" numeric(10,2),
    CONSTRAINT "Order Items_pkey" PRIMARY KEY ("orderId"),
    CONSTRAINT "Order Items_userId_fkey" FOREIGN KEY ("userId") REFERENCES "Weird Schema"."User"(id)
);
CREATE SCHEMA app;
CREATE TABLE app."User" (
    "ID" bigint NOT NULL PRIMARY KEY,
    "Status" "Weird Schema"."Status",
    "ownerId" integer REFERENCES "Weird Schema"."User"(id)
);
CREATE VIEW app."Active Users" AS SELECT id, "display name" FROM "Weird Schema"."User" WHERE status = 'Active';
CREATE INDEX "User display name" ON "Weird Schema"."User" ("display name", "Email");
CREATE TABLE app."Audit Log" (
    "entry id" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    "user id" integer NOT NULL REFERENCES "Weird Schema"."User"(id) ON DELETE CASCADE,
    "Note" text,
    CONSTRAINT "Audit Log_uniq" UNIQUE ("user id", "Note")
);
CREATE SCHEMA "v1.2";
CREATE SEQUENCE "v1.2"."tick.no";
CREATE FUNCTION "v1.2"."next.tick"() RETURNS bigint LANGUAGE sql AS $$SELECT nextval('"v1.2"."tick.no"')$$;
CREATE VIEW "v1.2"."odd.view" AS SELECT "ID" AS id FROM app."User";
"#;

/// Sequences (issue #10): standalone ones with every option, descending, commented;
/// `serial`, `bigserial` and `smallserial` columns (sequence + OWNED BY + `nextval`
/// default), a column default on a standalone sequence, a sequence owned by a column that
/// does not use it; identity columns with sequence options.
const SEQUENCES: &str = r#"
CREATE SCHEMA seqs;
CREATE SEQUENCE seqs.invoice_no AS integer INCREMENT BY 10 MINVALUE 1000 MAXVALUE 999999 START WITH 1000 CACHE 5 CYCLE;
COMMENT ON SEQUENCE seqs.invoice_no IS 'Invoice numbers.';
CREATE SEQUENCE seqs.countdown INCREMENT BY -1;
CREATE SEQUENCE seqs.plain;
CREATE TABLE seqs.counters (
    id serial PRIMARY KEY,
    big_id bigserial NOT NULL,
    small smallserial,
    invoice integer DEFAULT nextval('seqs.invoice_no'::regclass) NOT NULL,
    label text
);
CREATE SEQUENCE seqs.label_seq AS smallint OWNED BY seqs.counters.label;
CREATE TABLE seqs.tickets (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5 MINVALUE 100 MAXVALUE 1000000 CACHE 10 CYCLE) PRIMARY KEY,
    down integer GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -2),
    plain smallint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
    counter integer REFERENCES seqs.counters (id)
);
"#;

/// Composite types (issue #10): attributes built in (with modifiers, one collated), of an
/// enum and of a domain; a composite nesting another and holding an array of it, with a
/// name that needs quotes; a comment; columns of each, one an array; a function returning
/// one, and one taking an array of the other.
const COMPOSITES: &str = r#"
CREATE SCHEMA comp;
CREATE TYPE comp.status AS ENUM ('open', 'closed');
CREATE DOMAIN comp.positive AS integer CHECK (VALUE > 0);
CREATE TYPE comp.money AS (
    amount numeric(12,2),
    currency character(3) COLLATE "C",
    status comp.status,
    qty comp.positive,
    at timestamp(3) with time zone
);
COMMENT ON TYPE comp.money IS 'An amount in a currency.';
CREATE TYPE comp."Line Item" AS (price comp.money, "Tags" text[], history comp.money[]);
CREATE TABLE comp.orders (
    id integer PRIMARY KEY,
    total comp.money,
    lines comp."Line Item"[],
    "first" comp."Line Item"
);
CREATE FUNCTION comp.zero(currency text) RETURNS comp.money LANGUAGE sql STABLE
    AS $$SELECT ROW(0, currency, 'open', 1, now())::comp.money$$;
CREATE FUNCTION comp.first_price(items comp."Line Item"[]) RETURNS comp.money LANGUAGE sql IMMUTABLE
    AS $$SELECT (items[1]).price$$;
"#;

/// Declared partitions (issue #10): range with a DEFAULT of its own name, a range partition
/// itself partitioned by list (with its DEFAULT), hash, a partitioned table without any
/// partition, one with the implicit `<table>_default` alone; rows in each.
const PARTITIONS: &str = r#"
CREATE SCHEMA parts;
CREATE TABLE parts.events (
    id bigint NOT NULL,
    at date NOT NULL,
    region text NOT NULL,
    kind text,
    PRIMARY KEY (id, at, region)
) PARTITION BY RANGE (at);
CREATE INDEX events_kind ON parts.events (kind);
CREATE TABLE parts.events_2024 PARTITION OF parts.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE parts.events_2025 PARTITION OF parts.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region);
CREATE TABLE parts.events_2025_eu PARTITION OF parts.events_2025 FOR VALUES IN ('eu', 'uk');
CREATE TABLE parts.events_2025_rest PARTITION OF parts.events_2025 DEFAULT;
CREATE TABLE parts.events_older PARTITION OF parts.events FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
CREATE TABLE parts.events_other PARTITION OF parts.events DEFAULT;
CREATE TABLE parts.shards (id integer PRIMARY KEY, v text) PARTITION BY HASH (id);
CREATE TABLE parts.shards_0 PARTITION OF parts.shards FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE parts.shards_1 PARTITION OF parts.shards FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE parts.codes (code text NOT NULL) PARTITION BY LIST (code);
CREATE TABLE parts.logs (at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE parts.logs_default PARTITION OF parts.logs DEFAULT;
INSERT INTO parts.events VALUES (1, '2024-05-01', 'eu', 'a'), (2, '2025-05-01', 'uk', 'b'),
    (3, '2025-06-01', 'us', 'c'), (4, '2023-01-01', 'eu', NULL), (5, '2030-01-01', 'eu', NULL);
INSERT INTO parts.shards SELECT g, 'v' FROM generate_series(1, 10) g;
"#;

/// Domains (issue #10): base types built in (with modifiers), an enum, another domain and
/// an extension's type; collation, default, NOT NULL, several named checks, a comment, a
/// name that needs quotes; columns of each, an array of one, a column default over the
/// domain's.
const DOMAINS: &str = r#"
CREATE SCHEMA doms;
CREATE TYPE doms.status AS ENUM ('open', 'closed');
CREATE DOMAIN doms.positive_int AS integer DEFAULT 1 NOT NULL
    CONSTRAINT positive CHECK (VALUE > 0) CONSTRAINT below_million CHECK (VALUE < 1000000);
COMMENT ON DOMAIN doms.positive_int IS 'A count, never zero.';
CREATE DOMAIN doms.code AS text COLLATE "C" CHECK (VALUE ~ '^[A-Z]{2,5}$');
CREATE DOMAIN doms.short_code AS doms.code CONSTRAINT short CHECK (length(VALUE) <= 3);
CREATE DOMAIN doms.at_ms AS timestamp(3) with time zone DEFAULT now();
CREATE DOMAIN doms.open_status AS doms.status DEFAULT 'open' CHECK (VALUE <> 'closed');
CREATE DOMAIN doms."Weird Domain" AS numeric(12,2) CONSTRAINT "Not Negative" CHECK (VALUE >= 0);
CREATE EXTENSION IF NOT EXISTS citext;
CREATE DOMAIN doms.email AS citext CHECK (VALUE LIKE '%@%');
CREATE TABLE doms.items (
    id integer PRIMARY KEY,
    qty doms.positive_int,
    code doms.code NOT NULL,
    short doms.short_code,
    at doms.at_ms,
    status doms.open_status,
    price doms."Weird Domain" DEFAULT 0,
    tags doms.code[],
    mail doms.email
);
"#;

/// Column collations (issue #10): "C" and "POSIX" on text, varchar, char, an array, an
/// extension's type and a domain column (a domain with a collation of its own beside
/// one without), in a plain index, a unique index and a unique constraint; and a column of
/// an ICU collation, else a libc locale's, when the server has one (pg_collation says).
const COLLATIONS: &str = r#"
CREATE SCHEMA colls;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE DOMAIN colls.code AS text COLLATE "C";
CREATE TABLE colls.words (
    id integer PRIMARY KEY,
    word text COLLATE "C" NOT NULL CONSTRAINT words_word_key UNIQUE,
    posix character varying(40) COLLATE "POSIX",
    initial character(1) COLLATE "C",
    tags text[] COLLATE "POSIX",
    code colls.code,
    code_posix colls.code COLLATE "POSIX",
    mail citext COLLATE "C",
    plain text
);
CREATE INDEX words_posix_idx ON colls.words (posix DESC, initial);
CREATE INDEX words_word_posix ON colls.words (word COLLATE "POSIX" text_pattern_ops DESC, posix COLLATE "C");
CREATE UNIQUE INDEX words_code_key ON colls.words (code_posix, word);
DO $$
DECLARE
    other text := (SELECT collname FROM pg_collation
                    WHERE collname IN ('en-x-icu', 'und-x-icu', 'en_US.utf8')
                      AND collencoding IN (-1, pg_char_to_encoding('UTF8'))
                    ORDER BY collname = 'en-x-icu' DESC, collprovider = 'i' DESC, collname LIMIT 1);
BEGIN
    EXECUTE format('ALTER TABLE colls.words ADD COLUMN title text COLLATE %I', coalesce(other, 'POSIX'));
    CREATE INDEX words_title_idx ON colls.words (title);
END
$$;
"#;

/// DEFERRABLE (issue #10): a primary key (set by a rule), uniques, foreign keys and an
/// exclusion constraint (attributes), initially immediate and initially deferred.
const DEFERRABLE: &str = r#"
CREATE SCHEMA defer;
CREATE TABLE defer.parents (
    id integer PRIMARY KEY,
    code text CONSTRAINT parents_code_key UNIQUE DEFERRABLE,
    slot integer,
    CONSTRAINT parents_slot_key UNIQUE (slot) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE defer.children (
    id integer CONSTRAINT children_pkey PRIMARY KEY DEFERRABLE,
    parent_id integer CONSTRAINT children_parent_id_fkey REFERENCES defer.parents (id)
        DEFERRABLE INITIALLY DEFERRED,
    other_id integer CONSTRAINT a_foreign_key_name_long_enough_to_need_a_constant
        REFERENCES defer.parents (id) DEFERRABLE,
    plain_id integer REFERENCES defer.parents (id),
    during tsrange,
    CONSTRAINT children_no_overlap EXCLUDE USING gist (during WITH &&) DEFERRABLE INITIALLY DEFERRED
);
"#;

/// One realistic dump (issue #10): a pharmacy-and-clinic store as another team built it, every
/// kind above mixed in one schema and depending on each other: an ORM's CamelCase schema and
/// names, `serial` keys and a shared sequence, identity with options, `timestamp(3)`,
/// domains (over an extension's type too) in keys, defaults and a partitioned table, a
/// range-partitioned table with a list sub-partition and a DEFAULT, collations, deferrable
/// keys, an exclusion constraint, a generated column, a full-text column kept by the
/// built-in trigger with arguments, triggers with `WHEN`, `UPDATE OF`, statement level and
/// a constraint trigger, SECURITY DEFINER with a pinned search_path, OUT / VARIADIC /
/// default / unnamed arguments, `RETURNS TABLE` and `SETOF`, a view and materialized views
/// (with and without an index), row-level security, comments everywhere, rows.
const REALISTIC: &str = r#"
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA "Store";
COMMENT ON SCHEMA "Store" IS 'Pharmacy and clinic, as the ORM made it.';
CREATE TYPE "Store"."OrderStatus" AS ENUM ('Draft', 'Placed', 'Shipped', 'Cancelled');
CREATE TYPE "Store".rx_kind AS ENUM ('otc', 'prescription', 'controlled');
CREATE DOMAIN "Store".email AS citext CONSTRAINT email_has_at CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN "Store".money_inr AS numeric(12,2) DEFAULT 0 NOT NULL CONSTRAINT money_not_negative CHECK (VALUE >= 0);
CREATE DOMAIN "Store".sku AS character varying(16) COLLATE "C" CHECK (VALUE ~ '^[A-Z0-9-]+$');
COMMENT ON DOMAIN "Store".sku IS 'Stock-keeping unit, upper case.';
CREATE SEQUENCE "Store".invoice_no_seq AS integer START WITH 1000 INCREMENT BY 1 MINVALUE 1000 CACHE 1;

CREATE TABLE "Store"."Customer" (
    "customerId" serial PRIMARY KEY,
    email "Store".email NOT NULL,
    "fullName" text COLLATE "C" NOT NULL,
    phone character varying(15),
    "createdAt" timestamp(3) without time zone DEFAULT now() NOT NULL,
    "updatedAt" timestamp(3) without time zone,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    "isActive" boolean DEFAULT true NOT NULL,
    CONSTRAINT "Customer_email_key" UNIQUE (email)
);
COMMENT ON TABLE "Store"."Customer" IS 'People who buy.';
COMMENT ON COLUMN "Store"."Customer".phone IS 'E.164 without the plus.';
CREATE INDEX "Customer_fullName_idx" ON "Store"."Customer" ("fullName");
CREATE INDEX "Customer_active_idx" ON "Store"."Customer" ("createdAt" DESC) WHERE "isActive";

CREATE TABLE "Store"."Product" (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 10) PRIMARY KEY,
    sku "Store".sku NOT NULL,
    name text NOT NULL,
    kind "Store".rx_kind DEFAULT 'otc' NOT NULL,
    price "Store".money_inr,
    gst_rate numeric(4,2) DEFAULT 12.00 NOT NULL,
    price_with_gst numeric(14,2) GENERATED ALWAYS AS (round(price * (1 + gst_rate / 100), 2)) STORED,
    search tsvector,
    CONSTRAINT "Product_sku_key" UNIQUE (sku) DEFERRABLE,
    CONSTRAINT "Product_gst_check" CHECK (gst_rate IN (0, 5, 12, 18, 28))
);
CREATE INDEX "Product_search_idx" ON "Store"."Product" USING gin (search);
CREATE INDEX "Product_lower_name_idx" ON "Store"."Product" (lower(name));

CREATE TABLE "Store"."Order" (
    id bigserial NOT NULL,
    "customerId" integer NOT NULL,
    "placedAt" date NOT NULL,
    region text NOT NULL,
    status "Store"."OrderStatus" DEFAULT 'Draft' NOT NULL,
    invoice_no integer DEFAULT nextval('"Store".invoice_no_seq'::regclass),
    total "Store".money_inr,
    CONSTRAINT "Order_pkey" PRIMARY KEY (id, "placedAt", region),
    CONSTRAINT "Order_customer_fkey" FOREIGN KEY ("customerId") REFERENCES "Store"."Customer" ("customerId")
        ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE ("placedAt");
CREATE INDEX "Order_status_idx" ON "Store"."Order" (status);
CREATE TABLE "Store"."Order_2025" PARTITION OF "Store"."Order" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE "Store"."Order_2026" PARTITION OF "Store"."Order" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (region);
CREATE TABLE "Store"."Order_2026_south" PARTITION OF "Store"."Order_2026" FOR VALUES IN ('KA', 'TN', 'KL');
CREATE TABLE "Store"."Order_2026_rest" PARTITION OF "Store"."Order_2026" DEFAULT;
CREATE TABLE "Store"."Order_other" PARTITION OF "Store"."Order" DEFAULT;

CREATE TABLE "Store"."Appointment" (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    "customerId" integer NOT NULL REFERENCES "Store"."Customer" ("customerId") ON DELETE CASCADE,
    room smallint NOT NULL,
    during tstzrange NOT NULL,
    notes text,
    CONSTRAINT "Appointment_no_overlap" EXCLUDE USING gist (room WITH =, during WITH &&)
);
ALTER TABLE "Store"."Appointment" ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_appointments ON "Store"."Appointment"
    USING ("customerId" = NULLIF(current_setting('store.customer', true), '')::integer);

CREATE FUNCTION "Store".touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."updatedAt" := now();
    RETURN NEW;
END
$$;
CREATE FUNCTION "Store".audit_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE '% on %: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0];
    RETURN NULL;
END
$$;
CREATE TRIGGER "Customer_touch" BEFORE UPDATE ON "Store"."Customer"
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "Store".touch();
CREATE TRIGGER "Product_search" BEFORE INSERT OR UPDATE OF name ON "Store"."Product"
    FOR EACH ROW EXECUTE FUNCTION pg_catalog.tsvector_update_trigger('search', 'pg_catalog.simple', 'name');
CREATE TRIGGER "Product_changed" AFTER UPDATE ON "Store"."Product"
    FOR EACH STATEMENT EXECUTE FUNCTION "Store".audit_note('price list changed');
CREATE CONSTRAINT TRIGGER "Appointment_checked" AFTER INSERT ON "Store"."Appointment"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "Store".audit_note('booked');

CREATE FUNCTION "Store".customer_id_of(p_email citext) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, "Store"
AS $$ SELECT "customerId" FROM "Store"."Customer" WHERE email = p_email::"Store".email $$;
CREATE FUNCTION "Store".split_gst(amount numeric, rate numeric DEFAULT 18, OUT base numeric, OUT tax numeric)
    LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT round(amount / (1 + rate / 100), 2), amount - round(amount / (1 + rate / 100), 2) $$;
CREATE FUNCTION "Store".order_total(VARIADIC amounts numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(sum(a), 0) FROM unnest(amounts) a $$;
CREATE FUNCTION "Store".label(integer, text DEFAULT 'INV') RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT $2 || '-' || lpad($1::text, 6, '0') $$;
CREATE FUNCTION "Store".orders_of(customer integer)
    RETURNS TABLE (order_id bigint, placed date, amount numeric)
    LANGUAGE sql STABLE
AS $$ SELECT id, "placedAt", total FROM "Store"."Order" WHERE "customerId" = customer $$;
CREATE FUNCTION "Store".active_customers() RETURNS SETOF "Store"."Customer"
    LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN QUERY SELECT * FROM "Store"."Customer" WHERE "isActive";
END
$$;
COMMENT ON FUNCTION "Store".split_gst(numeric, numeric) IS 'GST-inclusive amount into base and tax.';
CREATE TYPE "Store"."GstSplit" AS (base numeric(12,2), tax numeric(12,2), rate numeric(4,2));
COMMENT ON TYPE "Store"."GstSplit" IS 'An amount split into its base and GST.';
CREATE FUNCTION "Store".gst_of(amount numeric, rate numeric) RETURNS "Store"."GstSplit"
    LANGUAGE sql IMMUTABLE
AS $$ SELECT ROW(round(amount / (1 + rate / 100), 2), amount - round(amount / (1 + rate / 100), 2), rate)::"Store"."GstSplit" $$;
CREATE FUNCTION "Store".gst_of(p "Store"."Product") RETURNS "Store"."GstSplit"
    LANGUAGE sql STABLE
AS $$ SELECT "Store".gst_of(p.price_with_gst, p.gst_rate) $$;
CREATE PROCEDURE "Store".close_day(IN day date, INOUT closed integer DEFAULT 0)
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE "Store"."Order" SET status = 'Shipped' WHERE "placedAt" = day AND status = 'Placed';
    GET DIAGNOSTICS closed = ROW_COUNT;
END
$$;
COMMENT ON PROCEDURE "Store".close_day(date, integer) IS 'Ships the day''s placed orders.';
CREATE FUNCTION "Store".max_step(state numeric, v numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT greatest(state, v) $$;
CREATE AGGREGATE "Store"."largestOrder"(numeric) (SFUNC = "Store".max_step, STYPE = numeric);

CREATE VIEW "Store"."CustomerOrders" AS
SELECT c."customerId", c."fullName", count(o.id) AS orders, coalesce(sum(o.total), 0) AS spent
  FROM "Store"."Customer" c LEFT JOIN "Store"."Order" o ON o."customerId" = c."customerId"
 GROUP BY c."customerId", c."fullName";
COMMENT ON VIEW "Store"."CustomerOrders" IS 'Orders per customer.';
CREATE MATERIALIZED VIEW "Store"."MonthlySales" AS
SELECT date_trunc('month', "placedAt"::timestamp)::date AS month, region, sum(total) AS total
  FROM "Store"."Order" GROUP BY 1, 2 WITH NO DATA;
CREATE UNIQUE INDEX "MonthlySales_month_region_idx" ON "Store"."MonthlySales" (month, region);
CREATE MATERIALIZED VIEW "Store".product_names AS SELECT id, lower(name) AS name FROM "Store"."Product" WITH NO DATA;
CREATE VIEW "Store"."RegionTotals" AS
SELECT region, "Store"."largestOrder"(total) AS largest, sum(total) AS total FROM "Store"."Order" GROUP BY region;
CREATE TABLE "Store"."Refund" (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    amount "Store"."GstSplit" NOT NULL,
    history "Store"."GstSplit"[]
);

INSERT INTO "Store"."Customer" (email, "fullName", phone) VALUES
    ('asha@example.in', 'Asha Rao', '919800000001'), ('ravi@example.in', 'Ravi K', NULL);
INSERT INTO "Store"."Product" (sku, name, kind, price) VALUES
    ('PCM-500', 'Paracetamol 500', 'otc', 20.00), ('AMX-250', 'Amoxicillin 250', 'prescription', 85.50);
INSERT INTO "Store"."Order" ("customerId", "placedAt", region, status, total) VALUES
    (1, '2025-03-01', 'KA', 'Placed', 40.00), (1, '2026-02-01', 'KA', 'Shipped', 85.50),
    (2, '2026-05-01', 'MH', 'Draft', 0), (2, '2030-01-01', 'DL', 'Draft', 10);
"#;

/// Routines (issue #10): procedures in SQL and PL/pgSQL (one committing between its steps)
/// with OUT, INOUT, VARIADIC, defaulted and unnamed arguments, a comment, SECURITY DEFINER
/// with a pinned search_path; overloads of a function (one called by a check, so created
/// before the table, one reading the table) and of a procedure; aggregates over a state and a
/// final function of the schema, over built-in functions (`int4pl`, `int8inc` for `(*)`),
/// used by a view.
const ROUTINES: &str = r#"
CREATE SCHEMA procs;
CREATE TABLE procs.stock (id integer PRIMARY KEY, qty integer NOT NULL DEFAULT 0);
CREATE PROCEDURE procs.restock(p_id integer, p_qty integer DEFAULT 1)
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE procs.stock SET qty = qty + p_qty WHERE id = p_id;
    COMMIT;
END
$$;
COMMENT ON PROCEDURE procs.restock(integer, integer) IS 'Adds stock and commits.';
CREATE PROCEDURE procs.split(IN total integer, OUT half integer, INOUT rest integer DEFAULT 0)
    LANGUAGE sql AS $$ SELECT total / 2, total % 2 + rest $$;
CREATE PROCEDURE procs.log_all(VARIADIC ids integer[]) LANGUAGE sql
    AS $$ UPDATE procs.stock SET qty = qty WHERE id = ANY (ids) $$;
CREATE PROCEDURE procs.unnamed(integer, text) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE '% %', $1, $2; END $$;
CREATE PROCEDURE procs.privileged() LANGUAGE sql SECURITY DEFINER SET search_path = procs, pg_temp
    AS $$ DELETE FROM stock WHERE qty < 0 $$;
CREATE FUNCTION procs.fmt(integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'i' || $1 $$;
CREATE FUNCTION procs.fmt(text) RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT $1 || count(*) FROM procs.stock $$;
COMMENT ON FUNCTION procs.fmt(text) IS 'The text overload, which reads the table.';
CREATE FUNCTION procs.fmt(n integer, prefix text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT prefix || n $$;
ALTER TABLE procs.stock ADD CONSTRAINT stock_qty_fmt CHECK (procs.fmt(qty) <> '');
CREATE PROCEDURE procs.restock(p_ids integer[]) LANGUAGE sql
    AS $$ UPDATE procs.stock SET qty = qty + 1 WHERE id = ANY (p_ids) $$;
CREATE FUNCTION procs.mean_step(state numeric[], v numeric) RETURNS numeric[] LANGUAGE sql IMMUTABLE
    AS $$ SELECT ARRAY[state[1] + v, state[2] + 1] $$;
CREATE FUNCTION procs.mean_final(state numeric[]) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN state[2] = 0 THEN NULL ELSE round(state[1] / state[2], 2) END $$;
CREATE AGGREGATE procs.mean(numeric) (
    SFUNC = procs.mean_step, STYPE = numeric[], FINALFUNC = procs.mean_final, INITCOND = '{0,0}');
COMMENT ON AGGREGATE procs.mean(numeric) IS 'Arithmetic mean, to cents.';
CREATE AGGREGATE procs.total(integer) (SFUNC = int4pl, STYPE = integer, COMBINEFUNC = int4pl, PARALLEL = SAFE);
CREATE AGGREGATE procs.how_many(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0');
CREATE FUNCTION procs.tuned(a integer DEFAULT 1) RETURNS SETOF integer LANGUAGE sql STABLE
    LEAKPROOF PARALLEL SAFE COST 5 ROWS 10 SET work_mem = '8MB' SET "app.label" = 'a b'
    AS $$ SELECT generate_series(1, a) $$;
CREATE FUNCTION procs.restricted(a integer) RETURNS integer LANGUAGE plpgsql PARALLEL RESTRICTED COST 0.5
    AS $$ BEGIN RETURN a; END $$;
CREATE VIEW procs.stock_stats AS
    SELECT procs.mean(qty) AS mean, procs.total(qty) AS total, procs.how_many(*) AS n FROM procs.stock;
"#;

/// Not supported by the model: the import must name each of them.
const UNSUPPORTED: &str = r#"
CREATE SCHEMA legacy;
CREATE DOMAIN legacy.positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE legacy.counters (
    id serial PRIMARY KEY,
    amount legacy.positive_int NOT NULL
);
CREATE MATERIALIZED VIEW legacy.counter_totals AS SELECT count(*) AS n FROM legacy.counters;
"#;

/// One of each kind of object (or property) the model cannot hold, for the catalog query.
const EXOTIC: &str = r#"
CREATE SCHEMA exotic;
CREATE EXTENSION citext SCHEMA exotic;
CREATE SEQUENCE exotic.standalone_seq;
CREATE TYPE exotic.money_pair AS (amount numeric, currency text);
CREATE TYPE exotic.float_range AS RANGE (subtype = float8);
CREATE DOMAIN exotic.short_code AS text CHECK (length(VALUE) < 5);
CREATE COLLATION exotic.plain FROM "C";
ALTER DOMAIN exotic.short_code ADD CONSTRAINT short_code_upper CHECK (VALUE = upper(VALUE)) NOT VALID;
COMMENT ON CONSTRAINT short_code_upper ON DOMAIN exotic.short_code IS 'Upper case.';
CREATE DOMAIN exotic.plain_code AS text COLLATE exotic.plain;
CREATE TEXT SEARCH CONFIGURATION exotic.search (COPY = simple);
CREATE OPERATOR exotic.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);
CREATE FOREIGN DATA WRAPPER exotic_fdw;
CREATE SERVER exotic_server FOREIGN DATA WRAPPER exotic_fdw;
CREATE FOREIGN TABLE exotic.remote (a integer) SERVER exotic_server;

CREATE TABLE exotic.base (id integer PRIMARY KEY, name text COLLATE "C", code exotic.short_code,
                          email exotic.citext, tags exotic.short_code[], label text COLLATE exotic.plain);
CREATE INDEX base_name_posix ON exotic.base (name COLLATE "POSIX");
CREATE INDEX base_name_plain ON exotic.base (name COLLATE exotic.plain);
CREATE TABLE exotic.child (extra text) INHERITS (exotic.base);
CREATE UNLOGGED TABLE exotic.scratch (a integer, b integer) WITH (fillfactor = 70);
CREATE TABLE exotic.typed OF exotic.money_pair;
CREATE STATISTICS exotic.scratch_stats ON a, b FROM exotic.scratch;
CREATE RULE scratch_no_delete AS ON DELETE TO exotic.scratch DO INSTEAD NOTHING;
GRANT SELECT ON exotic.scratch TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA exotic GRANT SELECT ON TABLES TO PUBLIC;

CREATE TABLE exotic.events (at timestamp with time zone NOT NULL, kind integer NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE exotic.events_2024 PARTITION OF exotic.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE exotic.events_other PARTITION OF exotic.events DEFAULT;
CREATE TABLE exotic.shards (id integer NOT NULL) PARTITION BY HASH (id);
CREATE TABLE exotic.by_day (at timestamp NOT NULL) PARTITION BY RANGE ((at::date));
CREATE TABLE exotic.by_day_default PARTITION OF exotic.by_day DEFAULT;

CREATE TABLE exotic.keys (
    a integer NOT NULL, b integer, c text,
    CONSTRAINT keys_a_key UNIQUE (a) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT keys_b_key UNIQUE (b) INCLUDE (c),
    CONSTRAINT keys_base_fkey FOREIGN KEY (a) REFERENCES exotic.base (id) MATCH FULL,
    CONSTRAINT keys_c_check CHECK (c <> '') NO INHERIT
);
ALTER TABLE exotic.keys ADD CONSTRAINT keys_b_check CHECK (b > 0) NOT VALID;
COMMENT ON CONSTRAINT keys_a_key ON exotic.keys IS 'Deferred on purpose.';
CREATE INDEX keys_c_spgist ON exotic.keys USING spgist (c);
CREATE INDEX keys_lower_c_desc ON exotic.keys (lower(c) DESC);
CREATE INDEX keys_b_nulls_first ON exotic.keys (b NULLS FIRST) WITH (fillfactor = 50);
COMMENT ON INDEX exotic.keys_b_nulls_first IS 'An index comment.';

CREATE FUNCTION exotic.f_internal(integer) RETURNS integer LANGUAGE internal STRICT AS 'int4inc';
CREATE FUNCTION exotic.f_out(a integer, OUT doubled integer) LANGUAGE sql AS 'SELECT a * 2';
CREATE FUNCTION exotic.f_atomic(a integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT a + 1; END;
CREATE FUNCTION exotic.f_props(a integer DEFAULT 1) RETURNS SETOF integer LANGUAGE sql
    LEAKPROOF PARALLEL SAFE COST 5 ROWS 10 SET work_mem = '8MB' AS 'SELECT a';
CREATE FUNCTION exotic.f_unnamed(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION exotic.f_over(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION exotic.f_over(a text) RETURNS text LANGUAGE sql AS 'SELECT a';
CREATE PROCEDURE exotic.p_noop() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE exotic.total(integer) (sfunc = int4pl, stype = integer);
CREATE AGGREGATE exotic.pdisc(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition,
    STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
CREATE AGGREGATE exotic.msum(integer) (SFUNC = int4pl, STYPE = integer,
    MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = integer);
CREATE FUNCTION exotic.tg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE FUNCTION exotic.evt() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
CREATE TRIGGER scratch_args AFTER INSERT ON exotic.scratch FOR EACH ROW EXECUTE FUNCTION exotic.tg('x');
CREATE TRIGGER scratch_cols AFTER UPDATE OF a ON exotic.scratch FOR EACH ROW EXECUTE FUNCTION exotic.tg();
CREATE TRIGGER scratch_transition AFTER INSERT ON exotic.scratch REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION exotic.tg();
CREATE TRIGGER scratch_off AFTER DELETE ON exotic.scratch FOR EACH ROW EXECUTE FUNCTION exotic.tg();
ALTER TABLE exotic.scratch DISABLE TRIGGER scratch_off;
CREATE CONSTRAINT TRIGGER keys_deferred AFTER INSERT ON exotic.keys
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exotic.tg();
CREATE VIEW exotic.checked WITH (check_option = local) AS SELECT id, name FROM exotic.base WHERE id > 0;
COMMENT ON COLUMN exotic.checked.id IS 'A view column comment.';
CREATE TRIGGER checked_instead INSTEAD OF INSERT ON exotic.checked FOR EACH ROW EXECUTE FUNCTION exotic.tg();
CREATE EVENT TRIGGER exotic_ddl ON ddl_command_start EXECUTE FUNCTION exotic.evt();
CREATE MATERIALIZED VIEW exotic.totals AS SELECT count(*) AS n FROM exotic.base;
CREATE TABLE exotic.precise (at timestamp(3) with time zone);
"#;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// `<target>/tmp`, provided by cargo to integration tests.
fn target_tmp() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

fn show(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A database built from `sql`, and its `pg_dump -s` in `dir`.
fn source_and_dump(sql: &str, dir: &Path) -> (TestDb, PathBuf) {
    let db = TestDb::new();
    db.psql(sql).expect("fixture applies");
    let dump = dir.join("schema.sql");
    let out = Command::new(hims_testdb::pg_tool("pg_dump").expect("pg_dump"))
        .args(["--schema-only", "--no-password", "-f"])
        .arg(&dump)
        .arg("-d")
        .arg(db.conn_str())
        .output()
        .expect("run pg_dump");
    assert!(out.status.success(), "pg_dump\n{}", show(&out));
    (db, dump)
}

/// `cargo xtask import …` (the built binary), against the test process's server.
fn xtask_import(args: &[&str]) -> Output {
    let cluster = hims_testdb::cluster().expect("a PostgreSQL server");
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("import")
        .args(args)
        // --dump loads into a throw-away database: on this test's server, not a second one.
        .env("DATABASE_URL", cluster.admin_url())
        .output()
        .expect("run xtask import")
}

fn import_ok(args: &[&str]) -> String {
    let out = xtask_import(args);
    assert!(
        out.status.success(),
        "xtask import {args:?}\n{}",
        show(&out)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn introspect(db: &TestDb, schemas: &[&str]) -> hims_model::Model {
    let mut client = db.connect();
    let mut m = hims_pg::introspect(&mut client, schemas).expect("introspect");
    for t in &mut m.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    m
}

#[test]
fn every_unsupported_object_of_a_dump_is_reported_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (_db, dump) = source_and_dump(&format!("{SUPPORTED}{UNSUPPORTED}"), tmp.path());
    let target = tmp.path().join("imported");
    let stdout = import_ok(&[
        "--dump",
        dump.to_str().unwrap(),
        "--target",
        target.to_str().unwrap(),
    ]);
    assert!(
        !stdout.contains("domain legacy.") && !stdout.contains("legacy.counters.amount"),
        "domains and their columns are imported:\n{stdout}"
    );
    // Nothing of the supported schemas is reported.
    for line in stdout.lines().filter(|l| l.trim_start().starts_with("- ")) {
        assert!(
            !line.contains(" app.") && !line.contains(" ref."),
            "a supported object is reported: {line}\n{stdout}"
        );
    }
    let mut files: Vec<String> = fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["app.rs", "legacy.rs", "mod.rs", "ref.rs"]);
    let legacy = fs::read_to_string(target.join("legacy.rs")).unwrap();
    assert!(
        !stdout.contains("sequence legacy."),
        "sequences are imported:\n{stdout}"
    );
    // The serial column keeps its default and its sequence; the domain column names its
    // type, which the module declares.
    assert!(
        legacy.contains(r#"default_sql = "nextval('legacy.counters_id_seq'::regclass)""#)
            && legacy.contains(r#"..sequence("legacy.counters_id_seq", "integer")"#),
        "{legacy}"
    );
    assert!(
        legacy.contains(r#"sql_type = "legacy.positive_int""#)
            && legacy.contains(
                r#"checks: Vec::from([domain_check("positive_int_check", "(VALUE > 0)")]),"#
            )
            && legacy.contains(r#"..domain("legacy.positive_int", "integer")"#),
        "{legacy}"
    );
}

/// The composite fixture imported with `--sql`: nothing reported, the script proved (applied
/// twice to a fresh database, both catalog comparisons equal), and the module declares each
/// type as the database has it. (The module is compiled and rebuilt by the round trip
/// below.)
#[test]
fn composite_types_import_with_nothing_unsupported_and_a_proved_script() {
    let tmp = tempfile::tempdir().unwrap();
    let (source, dump) = source_and_dump(COMPOSITES, tmp.path());
    let target = tmp.path().join("imported");
    let script = tmp.path().join("V001.sql");
    let stdout = import_ok(&[
        "--dump",
        dump.to_str().unwrap(),
        "--target",
        target.to_str().unwrap(),
        "--sql",
        script.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let module = fs::read_to_string(target.join("comp.rs")).unwrap();
    for needle in [
        r#"attribute("amount", "numeric(12,2)")"#,
        r#"attribute_collated("currency", "character(3)", "C")"#,
        r#"attribute("status", "comp.status")"#,
        r#"attribute("qty", "comp.positive")"#,
        r#"attribute("history", "comp.money[]")"#,
        r#"attribute("Tags", "text[]")"#,
        r#"..composite("comp.Line Item")"#,
        r#"comment: Some("An amount in a currency.".into())"#,
        r###"sql_type = r#"comp."Line Item"[]"#"###,
    ] {
        assert!(module.contains(needle), "`{needle}` not in:\n{module}");
    }
    // Independently of the import's own proof: the script applied twice to a fresh
    // database gives the source's catalog, and a composite value goes in and out.
    let sql = fs::read_to_string(&script).unwrap();
    let copy = TestDb::new();
    copy.psql(&sql).expect("the script applies");
    copy.psql(&sql).expect("the script applies again");
    let drift = hims_pg::compare(&mut source.connect(), &mut copy.connect(), &["comp"]).unwrap();
    assert!(drift.is_empty(), "{:?}", drift.grouped());
    let out = copy
        .psql(
            r#"INSERT INTO comp.orders (id, total, lines) VALUES (1, comp.zero('CHF'),
                   ARRAY[ROW(comp.zero('EUR'), ARRAY['a'], ARRAY[comp.zero('USD')])::comp."Line Item"]);
               SELECT (total).currency || '/' || (comp.first_price(lines)).currency || '/' || ((lines[1]).history[1]).currency FROM comp.orders;"#,
        )
        .unwrap();
    assert!(out.contains("CHF/EUR/USD"), "{out}");
}

#[test]
fn the_catalog_query_names_each_kind_of_unsupported_object() {
    use hims_pg::unsupported::{Handling, unsupported, unsupported_objects};
    let db = TestDb::new();
    db.psql(EXOTIC).expect("fixture applies");
    let mut client = db.connect();
    let found = unsupported(&mut client, &["exotic"]).expect("catalog query");
    let expect = |kind: &str, name: &str, handling: Handling, words: &str| {
        let hit = found
            .iter()
            .find(|u| u.kind == kind && u.name == name && u.detail.contains(words));
        match hit {
            Some(u) => assert_eq!(u.handling, handling, "{u}"),
            None => panic!(
                "no `{kind} {name}` saying `{words}` among:\n{}",
                found
                    .iter()
                    .map(|u| format!("  {u} ({:?})", u.handling))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    };
    use Handling::*;
    assert!(
        !found.iter().any(|u| u.kind == "sequence"),
        "sequences are imported: {found:#?}"
    );
    // Composite types are imported (the typed table of one is not).
    assert!(
        !found.iter().any(|u| u.kind == "composite type"),
        "composite types are imported: {found:#?}"
    );
    expect(
        "range type",
        "exotic.float_range",
        NotImported,
        "not imported",
    );
    // Domains are imported; what of them the model cannot hold is named.
    assert!(
        !found
            .iter()
            .any(|u| u.kind == "domain" && u.detail.contains("not imported:")),
        "domains are imported: {found:#?}"
    );
    expect(
        "domain",
        "exotic.short_code",
        Approximated,
        "CHECK short_code_upper is NOT VALID",
    );
    expect(
        "domain",
        "exotic.short_code",
        Approximated,
        "comment of constraint short_code_upper",
    );
    expect(
        "domain",
        "exotic.plain_code",
        Approximated,
        "COLLATE exotic.plain",
    );
    expect("collation", "exotic.plain", NotImported, "no collations");
    expect(
        "text search configuration",
        "exotic.search",
        NotImported,
        "not imported",
    );
    expect(
        "operator",
        "exotic.===(integer, integer)",
        NotImported,
        "not imported",
    );
    expect(
        "statistics object",
        "exotic.scratch_stats",
        NotImported,
        "not imported",
    );
    expect(
        "foreign table",
        "exotic.remote",
        NotImported,
        "no foreign tables",
    );
    assert!(
        !found.iter().any(|u| u.name == "exotic.totals"),
        "materialized views are imported: {found:#?}"
    );
    expect(
        "rule",
        "exotic.scratch.scratch_no_delete",
        NotImported,
        "no rules",
    );
    // Declared partitions (range, hash, a DEFAULT one of any name, none) are imported.
    assert!(
        !found.iter().any(|u| u.kind == "partition"
            || (u.kind == "partitioned table" && !u.detail.contains("expression"))),
        "declared partitions are imported: {found:#?}"
    );
    expect(
        "partitioned table",
        "exotic.by_day",
        Approximated,
        "expression",
    );
    expect(
        "table",
        "exotic.child",
        Approximated,
        "inherits from exotic.base",
    );
    expect("table", "exotic.scratch", Approximated, "UNLOGGED");
    expect("table", "exotic.scratch", Approximated, "fillfactor=70");
    expect("table", "exotic.typed", Approximated, "typed table");
    expect("view", "exotic.checked", Approximated, "check_option=local");
    expect("view", "exotic.checked", Approximated, "column comments");
    expect("privileges", "exotic", NotImported, "scratch");
    expect(
        "default privileges",
        "exotic",
        NotImported,
        "DEFAULT PRIVILEGES",
    );
    // Procedures are in the model.
    assert!(
        !found.iter().any(|u| u.name.starts_with("exotic.p_noop")),
        "{found:#?}"
    );
    // Ordinary aggregates are in the model; what of them it cannot hold is named.
    assert!(
        !found.iter().any(|u| u.name == "exotic.total(integer)"),
        "{found:#?}"
    );
    expect(
        "aggregate",
        "exotic.pdisc(double precision, anyelement)",
        LeftOut,
        "ordered-set",
    );
    assert_eq!(
        found
            .iter()
            .filter(|u| u.name.starts_with("exotic.pdisc"))
            .count(),
        1,
        "{found:#?}"
    );
    expect(
        "aggregate",
        "exotic.msum(integer)",
        Approximated,
        "moving-aggregate",
    );
    expect(
        "function",
        "exotic.f_internal(integer)",
        LeftOut,
        "internal",
    );
    expect(
        "function",
        "exotic.f_atomic(integer)",
        LeftOut,
        "BEGIN ATOMIC",
    );
    // Settings, LEAKPROOF, PARALLEL, COST and ROWS are in the model.
    assert!(
        !found.iter().any(|u| u.name == "exotic.f_props(integer)"),
        "{found:#?}"
    );
    // OUT arguments, defaults and unnamed arguments are in the model.
    for function in ["exotic.f_out(integer)", "exotic.f_unnamed(integer)"] {
        assert!(
            !found.iter().any(|u| u.name == function),
            "{function}: {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|u| u.name == "exotic.f_props(integer)" && u.detail.contains("default")),
        "{found:#?}"
    );
    // Overloads are in the model.
    assert!(
        !found.iter().any(|u| u.name.starts_with("exotic.f_over")),
        "{found:#?}"
    );
    expect(
        "trigger",
        "exotic.scratch.scratch_off",
        Approximated,
        "enabled",
    );
    // Arguments, UPDATE OF, transition tables and constraint triggers are in the model.
    for trigger in [
        "exotic.scratch.scratch_args",
        "exotic.scratch.scratch_cols",
        "exotic.scratch.scratch_transition",
        "exotic.keys.keys_deferred",
    ] {
        assert!(
            !found.iter().any(|u| u.name == trigger),
            "{trigger}: {found:#?}"
        );
    }
    expect(
        "trigger",
        "exotic.checked.checked_instead",
        NotImported,
        "view",
    );
    expect("event trigger", "exotic_ddl", NotImported, "database");
    // DEFERRABLE is imported.
    assert!(
        !found.iter().any(|u| u.detail.contains("DEFERRABLE")),
        "{found:#?}"
    );
    expect(
        "constraint",
        "exotic.keys.keys_a_key",
        Approximated,
        "comment",
    );
    expect(
        "constraint",
        "exotic.keys.keys_b_key",
        Approximated,
        "INCLUDE",
    );
    expect(
        "constraint",
        "exotic.keys.keys_b_check",
        Approximated,
        "NOT VALID",
    );
    expect(
        "constraint",
        "exotic.keys.keys_c_check",
        Approximated,
        "NO INHERIT",
    );
    expect(
        "constraint",
        "exotic.keys.keys_base_fkey",
        Approximated,
        "MATCH FULL",
    );
    expect("index", "exotic.keys.keys_c_spgist", LeftOut, "spgist");
    expect("index", "exotic.keys.keys_lower_c_desc", LeftOut, "DESC");
    expect(
        "index",
        "exotic.keys.keys_b_nulls_first",
        Approximated,
        "NULLS FIRST",
    );
    expect(
        "index",
        "exotic.keys.keys_b_nulls_first",
        Approximated,
        "fillfactor=50",
    );
    expect(
        "index",
        "exotic.keys.keys_b_nulls_first",
        Approximated,
        "comment",
    );
    // A column's collation of pg_catalog is imported; one of another schema by its name, as
    // a domain's; an index key collated otherwise than its column is named.
    expect(
        "column",
        "exotic.base.label",
        Approximated,
        "COLLATE exotic.plain is imported by its name only",
    );
    expect(
        "index",
        "exotic.base.base_name_plain",
        Approximated,
        "a key's COLLATE of a schema other than pg_catalog is imported by its name only",
    );
    assert!(
        !found
            .iter()
            .any(|u| u.name == "exotic.base.base_name_posix"),
        "{found:#?}"
    );
    // An extension's type is named as the database names it, a domain is imported; every
    // type format_type() prints has a form in the model, so nothing blocks introspection.
    for column in [
        "exotic.base.name",
        "exotic.base.email",
        "exotic.precise.at",
        "exotic.base.code",
        "exotic.base.tags",
    ] {
        assert!(
            !found.iter().any(|u| u.name == column),
            "{column}: {found:#?}"
        );
    }
    expect("extension", "citext", Approximated, "schema exotic");
    assert!(!found.iter().any(|u| u.handling == Blocks), "{found:#?}");
    let lines = unsupported_objects(&mut client, &["exotic"]).unwrap();
    assert_eq!(lines.len(), found.len());
    let model = introspect(&db, &["exotic"]);
    let trigger = |table: &str, name: &str| {
        model
            .tables
            .iter()
            .find(|t| t.name == table)
            .and_then(|t| t.triggers.iter().find(|tr| tr.name == name))
            .unwrap_or_else(|| panic!("trigger {table}.{name} is read"))
            .clone()
    };
    assert_eq!(trigger("scratch", "scratch_args").args, ["x"]);
    assert_eq!(trigger("scratch", "scratch_cols").update_of, ["a"]);
    let transition = trigger("scratch", "scratch_transition");
    assert_eq!(
        (transition.new_table.as_deref(), transition.for_each_row),
        (Some("added"), false)
    );
    assert_eq!(
        trigger("keys", "keys_deferred").constraint,
        Some(hims_model::Deferral::InitiallyDeferred)
    );
    let precise = model
        .tables
        .iter()
        .find(|t| t.name == "precise")
        .expect("exotic.precise is read");
    assert_eq!(
        precise.columns[0].ty.to_string(),
        "timestamp(3) with time zone"
    );
    assert!(
        model
            .extension_types
            .contains(&hims_model::QualifiedName::new("exotic", "citext")),
        "{:?}",
        model.extension_types
    );
}

#[test]
fn unknown_schemas_and_missing_sources_are_refused() {
    // No pg_dump: runs on PostgreSQL 17 and 18 too (.ci/run).
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    db.psql(SUPPORTED).expect("fixture applies");
    let target = tmp.path().join("out");
    let out = xtask_import(&[
        "--database-url",
        &db.url(),
        "--schemas",
        "app,nowhere",
        "--target",
        target.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("no schema nowhere"),
        "{}",
        show(&out)
    );
    assert!(!target.exists(), "nothing is written on error");
    let out = xtask_import(&["--target", target.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", show(&out));
}

/// `import --database-url` reads a live database without pg_dump (so it runs on PostgreSQL
/// 17 and 18 in .ci/run, whose pg_dump the Debian machine lacks): the written definitions
/// name what the model holds, and on 18 a virtual generated column becomes
/// `generated_virtual` and NOT NULL constraints of other names than PostgreSQL's own are
/// reported by name.
#[test]
fn a_live_database_is_imported_without_pg_dump() {
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    db.psql(SUPPORTED).expect("fixture applies");
    let version: i32 = db
        .connect()
        .query_one("SELECT current_setting('server_version_num')::int", &[])
        .unwrap()
        .get(0);
    if version >= 180000 {
        db.psql(
            "CREATE TABLE app.doses (
                 id integer CONSTRAINT doses_id_required NOT NULL PRIMARY KEY,
                 mg integer NOT NULL,
                 mcg integer GENERATED ALWAYS AS (mg * 1000) VIRTUAL);",
        )
        .expect("PostgreSQL 18 fixture applies");
    }
    let target = tmp.path().join("out");
    let out = import_ok(&[
        "--database-url",
        &db.url(),
        "--schemas",
        "app,ref",
        "--target",
        target.to_str().unwrap(),
    ]);
    assert!(out.contains("imported 2 schema(s) (app, ref)"), "{out}");
    let app = fs::read_to_string(target.join("app.rs")).unwrap();
    assert!(
        app.contains("generated = "),
        "stored generated columns: {app}"
    );
    if version >= 180000 {
        assert!(
            app.contains("generated_virtual = \"(mg * 1000)\""),
            "the virtual column: {app}"
        );
        assert!(
            out.contains(
                "constraint app.doses.doses_id_required: NOT NULL id: its name is not imported"
            ),
            "{out}"
        );
        assert!(
            !out.contains("doses_mg_not_null"),
            "PostgreSQL's own name is not reported: {out}"
        );
    } else {
        assert!(!app.contains("generated_virtual"), "{app}");
    }
}

/// Serialises concurrent runs of the round trip (they share the copy). A lock older than
/// `STALE` is taken to be left over from a killed run.
struct Lock(PathBuf);

impl Lock {
    const STALE: Duration = Duration::from_secs(30 * 60);

    fn acquire(path: PathBuf) -> Lock {
        let started = Instant::now();
        loop {
            match fs::create_dir(&path) {
                Ok(()) => return Lock(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > Self::STALE) {
                        let _ = fs::remove_dir(&path);
                        continue;
                    }
                    assert!(
                        started.elapsed() < Self::STALE,
                        "{} is held by another run",
                        path.display()
                    );
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(e) => panic!("cannot create {}: {e}", path.display()),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_dir(&self.0);
    }
}

/// Copy `from` to `to` recursively, skipping `target/` and dot-directories, keeping
/// modification times (cargo's fingerprints of path crates compare them).
fn copy_tree(from: &Path, to: &Path) {
    let meta = fs::metadata(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    if meta.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            let name_str = name.to_string_lossy();
            if name_str == "target" || name_str.starts_with('.') {
                continue;
            }
            copy_tree(&entry.path(), &to.join(&name));
        }
    } else {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        let f = fs::File::options().write(true).open(to).unwrap();
        f.set_modified(meta.modified().unwrap()).unwrap();
    }
}

/// The crates of the copy: hims-schema-defs and the path crates it depends on (dev
/// dependencies included: cargo loads their manifests), from the workspace manifest.
fn copied_crates(manifest: &str) -> Vec<String> {
    let path_of = |dep: &str| {
        manifest.lines().find_map(|l| {
            let rest = l.trim().strip_prefix(dep)?.trim_start().strip_prefix('=')?;
            let at = rest.find("path = \"")? + "path = \"".len();
            Some(rest[at..rest[at..].find('"')? + at].to_string())
        })
    };
    let mut crates = vec!["schema-defs".to_string()];
    let mut i = 0;
    while i < crates.len() {
        let own = fs::read_to_string(workspace().join(&crates[i]).join("Cargo.toml")).unwrap();
        for line in own.lines() {
            let Some(dep) = line.trim().split(['.', ' ', '=']).next() else {
                continue;
            };
            if dep.starts_with("hims-")
                && let Some(path) = path_of(dep)
                && !crates.contains(&path)
            {
                crates.push(path);
            }
        }
        i += 1;
    }
    crates.sort();
    crates
}

/// The workspace manifest with `members` reduced to the copied crates (the other path
/// dependencies stay declared but unused, which cargo allows).
fn reduced_manifest(manifest: &str, copied: &[String]) -> String {
    let members = copied
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut found = false;
    let out: Vec<String> = manifest
        .lines()
        .map(|line| {
            if line.split('=').next().unwrap_or("").trim() == "members" {
                assert!(
                    line.trim_end().ends_with(']'),
                    "members on one line: {line}"
                );
                found = true;
                format!("members = [{members}]")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(found, "no `members = [...]` in the workspace manifest");
    out.join("\n") + "\n"
}

/// Run cargo in the copy `root`, with the copy's own target directory.
fn cargo(root: &Path, target_dir: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(args)
        .args(["--offline", "-p", "hims-schema-defs"])
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo")
}

const EXAMPLE: &str = r#"//! Baseline SQL of imported definitions (written by the import round-trip test):
//! `imported_sql fixture` or `imported_sql hims`.
fn main() {
    let builder = match std::env::args().nth(1).as_deref() {
        Some("hims") => hims_schema_defs::imported_hims::builder(),
        Some("types") => hims_schema_defs::imported_types::builder(),
        Some("names") => hims_schema_defs::imported_names::builder(),
        Some("seqs") => hims_schema_defs::imported_seqs::builder(),
        Some("doms") => hims_schema_defs::imported_doms::builder(),
        Some("comp") => hims_schema_defs::imported_comp::builder(),
        Some("defer") => hims_schema_defs::imported_defer::builder(),
        Some("colls") => hims_schema_defs::imported_colls::builder(),
        Some("parts") => hims_schema_defs::imported_parts::builder(),
        Some("store") => hims_schema_defs::imported_store::builder(),
        Some("procs") => hims_schema_defs::imported_procs::builder(),
        _ => hims_schema_defs::imported::builder(),
    };
    let model = match builder.build() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    };
    // As `cargo xtask baseline` writes it (and `import --sql`).
    let header = hims_render::BaselineHeader {
        file_name: "V001__complete_hims_schema.sql".into(),
        regenerate: "cargo xtask baseline".into(),
    };
    print!("{}", hims_render::baseline(&model, &header));
}
"#;

/// Runs the example for `which` (`fixture`, `hims`), applies the SQL it prints to a fresh
/// database and asserts that its catalog equals `source`'s in `schemas`.
fn assert_rebuilds(exe: &Path, which: &str, source: &TestDb, schemas: &[&str], dir: &Path) {
    let run = Command::new(exe)
        .arg(which)
        .output()
        .expect("run the example");
    assert!(
        run.status.success(),
        "{} {which}\n{}",
        exe.display(),
        show(&run)
    );
    let sql_file = dir.join(format!("{which}.sql"));
    fs::write(&sql_file, &run.stdout).unwrap();
    let rebuilt = TestDb::new();
    for run in ["", " again"] {
        rebuilt.psql_file(&sql_file).unwrap_or_else(|e| {
            panic!("{which}: the baseline of the imported definitions applies{run}: {e}")
        });
    }
    let expected = introspect(source, schemas);
    let actual = introspect(&rebuilt, schemas);
    if expected != actual {
        let (e, a) = (expected.to_canonical_json(), actual.to_canonical_json());
        let (el, al): (Vec<&str>, Vec<&str>) = (e.lines().collect(), a.lines().collect());
        let first = el.iter().zip(&al).position(|(x, y)| x != y).unwrap_or(0);
        let from = first.saturating_sub(15);
        panic!(
            "{which}: the catalogs differ at line {}:\n--- database the dump came from\n{}\n--- rebuilt from the imported definitions\n{}",
            first + 1,
            el[from..(first + 10).min(el.len())].join("\n"),
            al[from..(first + 10).min(al.len())].join("\n")
        );
    }
}

#[test]
fn the_copy_holds_schema_defs_and_its_path_dependencies() {
    let manifest = fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let copied = copied_crates(&manifest);
    for c in [
        "schema-defs",
        "crates/dsl",
        "crates/dsl-macros",
        "crates/model",
        "crates/render",
    ] {
        assert!(copied.iter().any(|x| x == c), "{c} not in {copied:?}");
    }
    assert!(!copied.iter().any(|x| x == "xtask"), "{copied:?}");
    let reduced = reduced_manifest("[workspace]\nmembers = [\"crates/*\"]\n", &copied);
    assert!(reduced.contains("\"schema-defs\""), "{reduced}");
}

/// The fixture, and the project's own complete schema (generated/schema/), each dumped,
/// imported, compiled (in one build), turned into a baseline and applied again.
#[test]
fn a_dump_imported_as_rust_builds_a_baseline_that_recreates_the_same_catalog() {
    let base = target_tmp().join("xtask-import-e2e");
    let target_dir = target_tmp().join("xtask-import-e2e-target");
    fs::create_dir_all(target_tmp()).unwrap();
    let _lock = Lock::acquire(target_tmp().join("xtask-import-e2e.lock"));

    let tmp = tempfile::tempdir().unwrap();
    let fixture_dir = tmp.path().join("fixture");
    let hims_dir = tmp.path().join("hims");
    fs::create_dir_all(&fixture_dir).unwrap();
    fs::create_dir_all(&hims_dir).unwrap();
    let (source, dump) =
        source_and_dump(&format!("{SUPPORTED}{TRIGGERS}{UNSUPPORTED}"), &fixture_dir);
    let complete =
        fs::read_to_string(workspace().join("generated/schema/complete_hims_schema.sql")).unwrap();
    let (hims, hims_dump) = source_and_dump(&complete, &hims_dir);
    let types_dir = tmp.path().join("types");
    fs::create_dir_all(&types_dir).unwrap();
    let (types, types_dump) = source_and_dump(TYPES, &types_dir);

    // The copy, afresh each run (modification times kept: only changes rebuild).
    if base.exists() {
        fs::remove_dir_all(&base).unwrap();
    }
    let real = workspace();
    let manifest = fs::read_to_string(real.join("Cargo.toml")).unwrap();
    let copied = copied_crates(&manifest);
    for item in &copied {
        copy_tree(&real.join(item), &base.join(item));
    }
    fs::write(
        base.join("Cargo.toml"),
        reduced_manifest(&manifest, &copied),
    )
    .unwrap();
    fs::copy(real.join("Cargo.lock"), base.join("Cargo.lock")).unwrap();

    // The supported schemas, for the round trip; every schema, to compile the module of
    // the unsupported one too (its model would not validate: the report says why).
    let src = base.join("schema-defs/src");
    let dump = dump.to_str().unwrap();
    let imported = src.join("imported");
    let import_sql = tmp.path().join("import-sql.sql");
    let stdout = import_ok(&[
        "--dump",
        dump,
        "--schemas",
        "app,ref",
        "--target",
        imported.to_str().unwrap(),
        "--sql",
        import_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("imported 2 schema(s) (app, ref)"),
        "{stdout}"
    );
    let all = src.join("imported_all");
    import_ok(&["--dump", dump, "--target", all.to_str().unwrap()]);
    let hims_modules = src.join("imported_hims");
    let stdout = import_ok(&[
        "--dump",
        hims_dump.to_str().unwrap(),
        "--target",
        hims_modules.to_str().unwrap(),
    ]);
    let hims_schemas: Vec<String> = {
        let line = stdout
            .lines()
            .find(|l| l.starts_with("imported "))
            .unwrap_or_else(|| panic!("{stdout}"));
        let list = line.split_once("schema(s) (").unwrap().1;
        let list = &list[..list.find(')').unwrap()];
        list.split(", ").map(str::to_string).collect()
    };
    assert!(hims_schemas.len() >= 5, "{stdout}");

    // A live database gives the same modules as its dump.
    let live = tmp.path().join("live");
    import_ok(&[
        "--database-url",
        &source.url(),
        "--schemas",
        "app,ref",
        "--target",
        live.to_str().unwrap(),
    ]);
    for f in ["app.rs", "ref.rs", "mod.rs"] {
        assert_eq!(
            fs::read_to_string(live.join(f)).unwrap(),
            fs::read_to_string(imported.join(f)).unwrap(),
            "{f}: the live import differs from the dump's"
        );
    }

    let types_modules = src.join("imported_types");
    let stdout = import_ok(&[
        "--dump",
        types_dump.to_str().unwrap(),
        "--schemas",
        "zoo",
        "--target",
        types_modules.to_str().unwrap(),
    ]);
    assert!(stdout.contains("imported 1 schema(s) (zoo)"), "{stdout}");

    let names_dir = tmp.path().join("names");
    fs::create_dir_all(&names_dir).unwrap();
    let (names, names_dump) = source_and_dump(NAMES, &names_dir);
    let names_modules = src.join("imported_names");
    let names_sql = tmp.path().join("names-import.sql");
    let stdout = import_ok(&[
        "--dump",
        names_dump.to_str().unwrap(),
        "--target",
        names_modules.to_str().unwrap(),
        "--sql",
        names_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("imported 3 schema(s) (Weird Schema, app, v1.2)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && !stdout.contains("REVIEW")
            && !stdout.contains("snake_case"),
        "names as the database has them need no review:\n{stdout}"
    );
    let weird = fs::read_to_string(names_modules.join("weird_schema.rs")).unwrap();
    assert!(
        weird.contains(r#"b.imported_schema("Weird Schema", "Names as an ORM made them.");"#)
            && weird.contains(r#"columns(col("display name"), Email)"#),
        "{weird}"
    );
    // Names holding a dot are written quoted, as `qn` reads them.
    let dotted = fs::read_to_string(names_modules.join("v1_2.rs")).unwrap();
    assert!(
        dotted.contains(r##"view(r#""v1.2"."odd.view""#"##)
            && dotted.contains(r#"sequence("\"v1.2\".\"tick.no\"", "bigint")"#),
        "{dotted}"
    );

    let seqs_dir = tmp.path().join("seqs");
    fs::create_dir_all(&seqs_dir).unwrap();
    let (seqs, seqs_dump) = source_and_dump(SEQUENCES, &seqs_dir);
    let seqs_modules = src.join("imported_seqs");
    let seqs_sql = tmp.path().join("seqs-import.sql");
    let stdout = import_ok(&[
        "--dump",
        seqs_dump.to_str().unwrap(),
        "--target",
        seqs_modules.to_str().unwrap(),
        "--sql",
        seqs_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let module = fs::read_to_string(seqs_modules.join("seqs.rs")).unwrap();
    for needle in [
        r#"owned_by: owned_by("counters", "id"),"#,
        r#"..sequence("seqs.counters_id_seq", "integer")"#,
        r#"..sequence("seqs.counters_small_seq", "smallint")"#,
        r#"b.sequence(sequence("seqs.plain", "bigint"));"#,
        "identity_options(increment = 5, min_value = 100, max_value = 1000000, cache = 10, cycle)",
        "identity_options(increment = -2)",
    ] {
        assert!(module.contains(needle), "`{needle}` not in:\n{module}");
    }

    let doms_dir = tmp.path().join("doms");
    fs::create_dir_all(&doms_dir).unwrap();
    let (doms, doms_dump) = source_and_dump(DOMAINS, &doms_dir);
    let doms_modules = src.join("imported_doms");
    let doms_sql = tmp.path().join("doms-import.sql");
    let stdout = import_ok(&[
        "--dump",
        doms_dump.to_str().unwrap(),
        "--target",
        doms_modules.to_str().unwrap(),
        "--sql",
        doms_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let module = fs::read_to_string(doms_modules.join("doms.rs")).unwrap();
    for needle in [
        r#"..domain("doms.positive_int", "integer")"#,
        r#"default: Some("1".into()),"#,
        "not_null: true,",
        r#"domain_check("below_million", "(VALUE < 1000000)")"#,
        r#"collation: Some("C".into()),"#,
        r#"..domain("doms.short_code", "doms.code")"#,
        r#"..domain("doms.Weird Domain", "numeric(12,2)")"#,
        r#"sql_type = "doms.code[]""#,
        r#"..domain("doms.email", "public.citext")"#,
    ] {
        assert!(module.contains(needle), "`{needle}` not in:\n{module}");
    }
    // A domain over an extension's type names the type for the builder.
    let mod_rs = fs::read_to_string(doms_modules.join("mod.rs")).unwrap();
    assert!(
        mod_rs.contains(r#"b.extension_type("public", "citext");"#),
        "{mod_rs}"
    );

    let colls_dir = tmp.path().join("colls");
    fs::create_dir_all(&colls_dir).unwrap();
    let (colls, colls_dump) = source_and_dump(COLLATIONS, &colls_dir);
    let colls_modules = src.join("imported_colls");
    let colls_sql = tmp.path().join("colls-import.sql");
    let stdout = import_ok(&[
        "--dump",
        colls_dump.to_str().unwrap(),
        "--target",
        colls_modules.to_str().unwrap(),
        "--sql",
        colls_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let module = fs::read_to_string(colls_modules.join("colls.rs")).unwrap();
    for needle in [
        r#"collate = "C""#,
        r#"collate = "POSIX""#,
        r#"sql_type = "colls.code", collate = "POSIX""#,
        r#"collation: Some("C".into()),"#,
    ] {
        assert!(module.contains(needle), "`{needle}` not in:\n{module}");
    }
    let title: Vec<String> = colls
        .connect()
        .query(
            "SELECT co.collname::text FROM pg_attribute a JOIN pg_collation co ON co.oid = a.attcollation
              WHERE a.attrelid = 'colls.words'::regclass AND a.attname = 'title'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    eprintln!("colls.words.title has collation {title:?}");
    assert!(
        module.contains(&format!("collate = \"{}\"", title[0])),
        "{module}"
    );

    let parts_dir = tmp.path().join("parts");
    fs::create_dir_all(&parts_dir).unwrap();
    let (parts, parts_dump) = source_and_dump(PARTITIONS, &parts_dir);
    let parts_modules = src.join("imported_parts");
    let parts_sql = tmp.path().join("parts-import.sql");
    let stdout = import_ok(&[
        "--dump",
        parts_dump.to_str().unwrap(),
        "--target",
        parts_modules.to_str().unwrap(),
        "--sql",
        parts_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let module = fs::read_to_string(parts_modules.join("parts.rs")).unwrap();
    for needle in [
        "partition_by_hash(id)",
        r#"partition("shards_1", "FOR VALUES WITH (modulus 2, remainder 1)")"#,
        r#"partition("events_older", "FOR VALUES FROM (MINVALUE) TO ('2024-01-01')")"#,
        r#"partition("events_other", "DEFAULT")"#,
        "PartitionMethod::List",
        r#"partition("events_2025_eu", "FOR VALUES IN ('eu', 'uk')")"#,
        r#"b.partitions("parts.codes", []);"#,
    ] {
        assert!(module.contains(needle), "`{needle}` not in:\n{module}");
    }
    assert!(
        !module.contains("logs_default"),
        "the implicit DEFAULT partition is not declared:\n{module}"
    );

    let comp_dir = tmp.path().join("comp");
    fs::create_dir_all(&comp_dir).unwrap();
    let (comp, comp_dump) = source_and_dump(COMPOSITES, &comp_dir);
    let comp_modules = src.join("imported_comp");
    let comp_sql = tmp.path().join("comp-import.sql");
    import_ok(&[
        "--dump",
        comp_dump.to_str().unwrap(),
        "--target",
        comp_modules.to_str().unwrap(),
        "--sql",
        comp_sql.to_str().unwrap(),
    ]);

    let procs_dir = tmp.path().join("procs");
    fs::create_dir_all(&procs_dir).unwrap();
    let (procs, procs_dump) = source_and_dump(ROUTINES, &procs_dir);
    let procs_modules = src.join("imported_procs");
    let procs_sql = tmp.path().join("procs-import.sql");
    let stdout = import_ok(&[
        "--dump",
        procs_dump.to_str().unwrap(),
        "--target",
        procs_modules.to_str().unwrap(),
        "--sql",
        procs_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let module = fs::read_to_string(procs_modules.join("procs.rs")).unwrap();
    for needle in [
        r#"..procedure("procs.restock", FunctionLanguage::Plpgsql, RESTOCK)"#,
        "mode: ArgMode::InOut",
        "mode: ArgMode::Variadic",
        "security_definer: true,",
        r#"..aggregate("procs.mean", &["numeric"], "procs.mean_step", "numeric[]")"#,
        r#"finalfunc: Some(qn("procs.mean_final")),"#,
        r#"..aggregate("procs.total", &["integer"], "pg_catalog.int4pl", "integer")"#,
        "parallel: Parallel::Safe,",
        "parallel: Parallel::Restricted,",
        "leakproof: true,",
        r#"cost: Some("5".into()),"#,
        r#"rows: Some("10".into()),"#,
        r#"("work_mem".to_string(), "8MB".to_string())"#,
        r#"..aggregate("procs.how_many", &[], "pg_catalog.int8inc", "bigint")"#,
    ] {
        assert!(module.contains(needle), "`{needle}` not in:\n{module}");
    }

    let defer_dir = tmp.path().join("defer");
    fs::create_dir_all(&defer_dir).unwrap();
    let (defer, defer_dump) = source_and_dump(DEFERRABLE, &defer_dir);
    let defer_modules = src.join("imported_defer");
    let defer_sql = tmp.path().join("defer-import.sql");
    let stdout = import_ok(&[
        "--dump",
        defer_dump.to_str().unwrap(),
        "--target",
        defer_modules.to_str().unwrap(),
        "--sql",
        defer_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let module = fs::read_to_string(defer_modules.join("defer.rs")).unwrap();
    for needle in [
        r#"t.set_deferral("children_pkey", Deferral::InitiallyImmediate);"#,
        r#"name = "children_parent_id_fkey","#,
        "initially_deferred",
        r#"name = "a_foreign_key_name_long_enough_to_need_a_constant","#,
        r#"name = "parents_code_key","#,
        "deferrable",
    ] {
        assert!(module.contains(needle), "`{needle}` not in:\n{module}");
    }

    // The realistic dump: every kind at once, depending on each other.
    let store_dir = tmp.path().join("store");
    fs::create_dir_all(&store_dir).unwrap();
    let (store, store_dump) = source_and_dump(REALISTIC, &store_dir);
    let store_modules = src.join("imported_store");
    let store_sql = tmp.path().join("store-import.sql");
    let stdout = import_ok(&[
        "--dump",
        store_dump.to_str().unwrap(),
        "--target",
        store_modules.to_str().unwrap(),
        "--sql",
        store_sql.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice")
            && !stdout.contains("TO REVIEW"),
        "{stdout}"
    );

    let mut lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    lib.push_str(
        "\npub mod imported;\npub mod imported_all;\npub mod imported_colls;\npub mod imported_comp;\npub mod imported_defer;\npub mod imported_doms;\npub mod imported_hims;\npub mod imported_names;\npub mod imported_parts;\npub mod imported_procs;\npub mod imported_seqs;\npub mod imported_store;\npub mod imported_types;\n",
    );
    fs::write(src.join("lib.rs"), lib).unwrap();
    fs::write(base.join("schema-defs/examples/imported_sql.rs"), EXAMPLE).unwrap();

    // Build, then run the example's own artifact.
    let build = cargo(
        &base,
        &target_dir,
        &[
            "build",
            "--example",
            "imported_sql",
            "--message-format=json",
        ],
    );
    assert!(build.status.success(), "cargo build\n{}", show(&build));
    let messages = String::from_utf8_lossy(&build.stdout);
    let warnings: Vec<&str> = messages
        .lines()
        .filter(|l| l.contains("\"level\":\"warning\"") && l.contains("src/imported"))
        .collect();
    assert!(
        warnings.is_empty(),
        "warnings in the generated code:\n{}",
        warnings.join("\n")
    );
    let exe = messages
        .lines()
        .filter(|l| {
            l.contains("\"reason\":\"compiler-artifact\"")
                && l.contains("\"name\":\"imported_sql\"")
        })
        .find_map(|l| {
            let rest = &l[l.find("\"executable\":\"")? + "\"executable\":\"".len()..];
            Some(PathBuf::from(&rest[..rest.find('"')?]))
        })
        .unwrap_or_else(|| panic!("no executable for the example\n{}", show(&build)));

    assert_rebuilds(&exe, "fixture", &source, &["app", "ref"], tmp.path());
    // `import --sql` wrote exactly what the baseline of the written definitions is.
    assert_eq!(
        fs::read_to_string(&import_sql).unwrap(),
        fs::read_to_string(tmp.path().join("fixture.sql")).unwrap(),
        "import --sql differs from the baseline of the imported definitions"
    );
    assert_rebuilds(&exe, "types", &types, &["zoo"], tmp.path());
    assert_rebuilds(
        &exe,
        "names",
        &names,
        &["Weird Schema", "app", "v1.2"],
        tmp.path(),
    );
    assert_rebuilds(&exe, "seqs", &seqs, &["seqs"], tmp.path());
    assert_eq!(
        fs::read_to_string(&seqs_sql).unwrap(),
        fs::read_to_string(tmp.path().join("seqs.sql")).unwrap(),
        "import --sql differs from the baseline of the imported sequences"
    );
    assert_rebuilds(&exe, "parts", &parts, &["parts"], tmp.path());
    assert_eq!(
        fs::read_to_string(&parts_sql).unwrap(),
        fs::read_to_string(tmp.path().join("parts.sql")).unwrap(),
        "import --sql differs from the baseline of the imported partitions"
    );
    assert_rebuilds(&exe, "defer", &defer, &["defer"], tmp.path());
    assert_eq!(
        fs::read_to_string(&defer_sql).unwrap(),
        fs::read_to_string(tmp.path().join("defer.sql")).unwrap(),
        "import --sql differs from the baseline of the imported deferrable constraints"
    );
    assert_rebuilds(&exe, "store", &store, &["Store"], tmp.path());
    assert_eq!(
        fs::read_to_string(&store_sql).unwrap(),
        fs::read_to_string(tmp.path().join("store.sql")).unwrap(),
        "import --sql differs from the baseline of the realistic dump"
    );
    assert_rebuilds(&exe, "comp", &comp, &["comp"], tmp.path());
    assert_eq!(
        fs::read_to_string(&comp_sql).unwrap(),
        fs::read_to_string(tmp.path().join("comp.sql")).unwrap(),
        "import --sql differs from the baseline of the imported composite types"
    );

    assert_rebuilds(&exe, "procs", &procs, &["procs"], tmp.path());
    assert_eq!(
        fs::read_to_string(&procs_sql).unwrap(),
        fs::read_to_string(tmp.path().join("procs.sql")).unwrap(),
        "import --sql differs from the baseline of the imported routines"
    );
    // What the procedures do survives the round trip: called on the rebuilt database.
    let rebuilt = TestDb::new();
    rebuilt
        .psql_file(&tmp.path().join("procs.sql"))
        .expect("the routines' baseline applies");
    let out = rebuilt
        .psql("INSERT INTO procs.stock VALUES (1, 5);\nCALL procs.restock(1, 2);\nCALL procs.restock(ARRAY[1]);\nCALL procs.split(7, NULL, 1);\nCALL procs.log_all(1, 2);\nSELECT 'qty=' || qty FROM procs.stock;\nSELECT procs.fmt(1) || procs.fmt('n'::text) || procs.fmt(2, 'p') AS overloads;\nINSERT INTO procs.stock VALUES (2, 3);\nSELECT 'stats=' || mean || '/' || total || '/' || n FROM procs.stock_stats;")
        .expect("the procedures run");
    assert!(
        out.contains("qty=8")
            && out.contains(" 3 |")
            && out.contains("i1n1p2")
            && out.contains("stats=5.50/11/2"),
        "{out}"
    );
    assert_rebuilds(&exe, "doms", &doms, &["doms"], tmp.path());
    assert_eq!(
        fs::read_to_string(&doms_sql).unwrap(),
        fs::read_to_string(tmp.path().join("doms.sql")).unwrap(),
        "import --sql differs from the baseline of the imported domains"
    );
    assert_rebuilds(&exe, "colls", &colls, &["colls"], tmp.path());
    assert_eq!(
        fs::read_to_string(&colls_sql).unwrap(),
        fs::read_to_string(tmp.path().join("colls.sql")).unwrap(),
        "import --sql differs from the baseline of the imported collations"
    );
    assert_eq!(
        fs::read_to_string(&names_sql).unwrap(),
        fs::read_to_string(tmp.path().join("names.sql")).unwrap(),
        "import --sql differs from the baseline of the imported names"
    );
    // The HIMS schema is compared with its dump restored, not with the database the dump
    // came from: pg_dump prints some expressions in a form that does not parse back to the
    // same tree (`varchar_col IN ('a', 'b')` is stored as `= ANY ((ARRAY['a'::varchar, …])
    // ::text[])`, which parses back as `= ANY (ARRAY[('a'::varchar)::text, …])`), and the
    // import can only be as faithful as its input.
    drop(hims);
    let restored = TestDb::new();
    restored.psql_file(&hims_dump).expect("the dump restores");
    let hims_schemas: Vec<&str> = hims_schemas.iter().map(String::as_str).collect();
    assert_rebuilds(&exe, "hims", &restored, &hims_schemas, tmp.path());
}

/// `import --sql`: the script is written, proved (applied twice to a fresh database, catalog
/// compared), and independently: applied twice here, its `pg_dump -s` equals the source's.
#[test]
fn import_sql_writes_the_complete_script_and_proves_it_on_a_fresh_database() {
    let tmp = tempfile::tempdir().unwrap();
    let (source, dump) = source_and_dump(SUPPORTED, tmp.path());
    let target = tmp.path().join("imported");
    let script = tmp.path().join("V001.sql");
    let stdout = import_ok(&[
        "--dump",
        dump.to_str().unwrap(),
        "--target",
        target.to_str().unwrap(),
        "--sql",
        script.to_str().unwrap(),
    ]);
    assert!(stdout.contains("proved: applied twice"), "{stdout}");
    let text = fs::read_to_string(&script).unwrap();
    assert!(
        text.starts_with("-- V001__complete_hims_schema.sql\n"),
        "{text}"
    );
    let rebuilt = TestDb::new();
    for _ in 0..2 {
        rebuilt
            .psql_file(&script)
            .expect("the script applies, twice");
    }
    assert_eq!(
        pg_dump_schemas(&source, &["app", "ref"]),
        pg_dump_schemas(&rebuilt, &["app", "ref"])
    );
    let mut a = introspect(&source, &["app", "ref"]);
    let mut b = introspect(&rebuilt, &["app", "ref"]);
    a.canonicalize();
    b.canonicalize();
    assert_eq!(a, b);
}

/// Column collations (issue #10): imported with nothing reported, the `--sql` script applied
/// twice here reproduces the source (`pg_dump -s` and the catalog), each column keeping its
/// collation; the written module names them (`collate = …`).
#[test]
fn column_collations_import_and_round_trip_through_import_sql() {
    let tmp = tempfile::tempdir().unwrap();
    let (source, dump) = source_and_dump(COLLATIONS, tmp.path());
    let target = tmp.path().join("imported");
    let script = tmp.path().join("V001.sql");
    let stdout = import_ok(&[
        "--dump",
        dump.to_str().unwrap(),
        "--target",
        target.to_str().unwrap(),
        "--sql",
        script.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds")
            && stdout.contains("proved: applied twice"),
        "{stdout}"
    );
    let rebuilt = TestDb::new();
    for _ in 0..2 {
        rebuilt
            .psql_file(&script)
            .expect("the script applies, twice");
    }
    assert_eq!(
        pg_dump_schemas(&source, &["colls"]),
        pg_dump_schemas(&rebuilt, &["colls"])
    );
    let collations = |db: &TestDb| -> Vec<String> {
        db.connect()
            .query(
                "SELECT a.attname || ' ' || co.collname FROM pg_attribute a
                   JOIN pg_collation co ON co.oid = a.attcollation
                  WHERE a.attrelid = 'colls.words'::regclass AND a.attnum > 0
                  ORDER BY a.attnum",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let kept = collations(&rebuilt);
    assert_eq!(collations(&source), kept);
    for c in [
        "word C",
        "posix POSIX",
        "initial C",
        "tags POSIX",
        "code C",
        "code_posix POSIX",
        "mail C",
        "plain default",
    ] {
        assert!(kept.iter().any(|k| k == c), "`{c}` not in {kept:?}");
    }
    let mut a = introspect(&source, &["colls"]);
    let mut b = introspect(&rebuilt, &["colls"]);
    a.canonicalize();
    b.canonicalize();
    assert_eq!(a, b);
    let words = a.tables.iter().find(|t| t.name == "words").unwrap();
    let of = |name: &str| {
        words
            .columns
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .collation
            .clone()
    };
    // The domain's own collation stays the domain's; the model holds a column's own only.
    assert_eq!(of("code"), None);
    assert_eq!(of("plain"), None);
    assert_eq!(of("code_posix").as_deref(), Some("POSIX"));
    assert_eq!(of("tags").as_deref(), Some("POSIX"));
    let module = fs::read_to_string(target.join("colls.rs")).unwrap();
    assert!(
        module.contains(r#"sql_type = "colls.code", collate = "POSIX""#),
        "{module}"
    );
    // An index key collated otherwise than its column.
    let keys = &words
        .indexes
        .iter()
        .find(|i| i.name == "words_word_posix")
        .unwrap()
        .keys;
    assert!(
        matches!(&keys[0], hims_model::IndexKey::Column { collation: Some(c), opclass: Some(o), descending: true, .. } if c == "POSIX" && o == "text_pattern_ops"),
        "{keys:?}"
    );
    assert!(
        module.contains(r#"word(desc, opclass = "text_pattern_ops", collate = "POSIX")"#),
        "{module}"
    );
}

/// `import --database-url` with a JDBC URL (what a Flyway user has at hand): the proof's
/// `pg_dump -s` of the source connects from the same URL, which libpq itself cannot read.
#[test]
fn import_sql_from_a_jdbc_url_proves_the_script_through_pg_dump_too() {
    let tmp = tempfile::tempdir().unwrap();
    let source = TestDb::new();
    source.psql(SUPPORTED).expect("fixture applies");
    let c = source.cluster();
    let encode = |s: &str| {
        s.replace('%', "%25")
            .replace('/', "%2F")
            .replace('&', "%26")
    };
    let mut url = format!(
        "jdbc:postgresql://{}:{}/{}?user={}",
        encode(c.host()),
        c.port(),
        encode(source.name()),
        encode(c.superuser())
    );
    if let Some(p) = c.password() {
        url.push_str(&format!("&password={}", encode(p)));
    }
    let script = tmp.path().join("V001.sql");
    let stdout = import_ok(&[
        "--database-url",
        &url,
        "--schemas",
        "app,ref",
        "--target",
        tmp.path().join("imported").to_str().unwrap(),
        "--sql",
        script.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("proved: applied twice") && stdout.contains("by pg_dump -s"),
        "{stdout}"
    );
}

/// A script that does not reproduce the source fails the import, naming the objects: here a
/// function the model cannot hold (a SQL-standard body) is left out of the script.
#[test]
fn import_sql_fails_naming_each_object_the_script_does_not_reproduce() {
    let tmp = tempfile::tempdir().unwrap();
    let (_source, dump) = source_and_dump(
        "CREATE SCHEMA odd;
         CREATE TABLE odd.t (id integer PRIMARY KEY);
         CREATE FUNCTION odd.pair(a integer) RETURNS integer LANGUAGE sql
             BEGIN ATOMIC SELECT a + 1; END;",
        tmp.path(),
    );
    let script = tmp.path().join("V001.sql");
    let out = xtask_import(&[
        "--dump",
        dump.to_str().unwrap(),
        "--target",
        tmp.path().join("imported").to_str().unwrap(),
        "--sql",
        script.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "{}", show(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does not give the source's catalog"),
        "{}",
        show(&out)
    );
    assert!(stderr.contains("function odd.pair"), "{}", show(&out));
    assert!(
        stderr.contains("missing from the copy: pair(integer); Type: FUNCTION; Schema: odd"),
        "{}",
        show(&out)
    );
    assert!(script.is_file(), "the script is written for inspection");
}

/// `pg_dump -s` of `schemas`, without owners and privileges, header comments dropped, and
/// the whitespace around function bodies (the script writes every body on lines of its own).
fn pg_dump_schemas(db: &TestDb, schemas: &[&str]) -> String {
    let mut cmd = Command::new(hims_testdb::pg_tool("pg_dump").expect("pg_dump"));
    cmd.args(["--schema-only", "--no-owner", "--no-privileges"]);
    for s in schemas {
        cmd.args(["--schema", s]);
    }
    let out = cmd.arg("-d").arg(db.conn_str()).output().expect("pg_dump");
    assert!(out.status.success(), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| {
            !l.starts_with("-- Dumped")
                && !l.starts_with("\\restrict")
                && !l.starts_with("\\unrestrict")
        })
        .collect::<Vec<_>>()
        .join("\n");
    // Function bodies without the newline the renderer puts on each side of them (the
    // model holds a body without them; the catalog comparison trims them too).
    ["$$", "$_$"].iter().fold(text, |text, tag| {
        text.replace(&format!("AS {tag}\n"), &format!("AS {tag}"))
            .replace(&format!("\n{tag};"), &format!("{tag};"))
            .replace(&format!("AS {tag} "), &format!("AS {tag}"))
            .replace(&format!(" {tag};"), &format!("{tag};"))
    })
}

/// The realistic dump: nothing reported unsupported, `--sql`'s script proven by the import
/// and applied twice here reproduces the source by `pg_dump -s` and by the catalog; the
/// modules compile and rebuild it in the round-trip test above.
#[test]
fn a_realistic_dump_imports_with_nothing_unsupported_and_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let (source, dump) = source_and_dump(REALISTIC, tmp.path());
    let target = tmp.path().join("imported");
    let script = tmp.path().join("V001.sql");
    let stdout = import_ok(&[
        "--dump",
        dump.to_str().unwrap(),
        "--target",
        target.to_str().unwrap(),
        "--sql",
        script.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("nothing in the database is beyond what the model holds"),
        "{stdout}"
    );
    assert!(stdout.contains("proved: applied twice"), "{stdout}");
    let rebuilt = TestDb::new();
    for _ in 0..2 {
        rebuilt
            .psql_file(&script)
            .expect("the script applies, twice");
    }
    // pg_dump folds an unquoted pattern to lower case.
    assert_eq!(
        pg_dump_schemas(&source, &["\"Store\""]),
        pg_dump_schemas(&rebuilt, &["\"Store\""])
    );
    let mut a = introspect(&source, &["Store"]);
    let mut b = introspect(&rebuilt, &["Store"]);
    a.canonicalize();
    b.canonicalize();
    assert_eq!(a, b);
    // What the script built works: a customer's GST split, an order into its partition,
    // the full-text trigger, the generated price.
    let check = |sql: &str| rebuilt.psql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    check(
        r#"INSERT INTO "Store"."Customer" (email, "fullName") VALUES ('n@example.in', 'N');
           INSERT INTO "Store"."Order" ("customerId", "placedAt", region, status, total)
               VALUES (1, '2026-07-01', 'TN', 'Placed', 118.00);
           INSERT INTO "Store"."Product" (sku, name, price) VALUES ('ORS-1', 'Oral Rehydration', 10);"#,
    );
    let out = check(
        r#"SELECT tableoid::regclass, invoice_no >= 1000 FROM "Store"."Order";
           SELECT (s).base, (s).tax FROM (SELECT "Store".split_gst(118.00) s) x;
           SELECT search::text, price_with_gst FROM "Store"."Product" WHERE sku = 'ORS-1';
           INSERT INTO "Store"."Refund" (amount) VALUES ("Store".gst_of(118, 18));
           SELECT 'refund ' || (amount).tax FROM "Store"."Refund";
           SELECT 'product ' || ("Store".gst_of(p)).tax FROM "Store"."Product" p WHERE sku = 'ORS-1';
           SELECT 'largest ' || largest FROM "Store"."RegionTotals" WHERE region = 'TN';
           CALL "Store".close_day('2026-07-01');"#,
    );
    for expected in [
        "Order_2026_south",
        "100.00",
        "18.00",
        "'oral'",
        "11.20",
        "refund 18.00",
        "product 1.20",
        "largest 118.00",
        " 1\n",
    ] {
        assert!(out.contains(expected), "{expected} missing from:\n{out}");
    }
}
