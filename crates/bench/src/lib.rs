//! Synthetic models for the delta benchmark: a hospital-sized schema set (5 schemas, 35 enum
//! types, thousands of tables) and a changed copy of it, both deterministic in a seed.
//!
//! The shape follows what the real HIMS schema looks like at scale: tables of 12–20 columns
//! of varied types, a foreign-key chain per schema plus cross-schema references, a unique
//! key and indexes on every table (including one per foreign key), a few checks, and a
//! quarter of the tables tenant-scoped with row-level security and an isolation policy.
//! [`changed_copy`] makes the kind of change one release brings, at scale: ~10% of the
//! tables gain a column, 5% change an index, 3% change nullability, every fifth enum type
//! gains a value and 40 tables are new.
//!
//! No randomness crate: a splitmix64 generator keeps the models identical on every machine.

use hims_model::{
    Check, Column, ColumnType, DefaultValue, EnumType, FkAction, ForeignKey, Index, IndexKey,
    Model, Origin, Policy, PolicyCommand, PrimaryKey, QualifiedName, RowSecurity, Schema, Table,
    Unique,
};

/// The schemas every synthetic model has.
pub const SCHEMAS: [&str; 5] = ["core", "clinical", "billing", "laboratory", "access"];

/// How many enum types a synthetic model has.
pub const ENUMS: usize = 35;

/// How many tables [`changed_copy`] adds.
pub const NEW_TABLES: usize = 40;

/// The value [`changed_copy`] appends to every fifth enum type.
pub const ADDED_ENUM_VALUE: &str = "reopened";

/// The column [`changed_copy`] adds to about a tenth of the tables.
pub const ADDED_COLUMN: &str = "bench_added_note";

const ENUM_VALUES: [&str; 8] = [
    "draft",
    "active",
    "pending",
    "suspended",
    "closed",
    "cancelled",
    "archived",
    "rejected",
];

const ENUM_WORDS: [&str; 7] = [
    "status", "kind", "priority", "channel", "category", "stage", "outcome",
];

const TABLE_WORDS: [&str; 16] = [
    "patients",
    "encounters",
    "orders",
    "claims",
    "invoices",
    "samples",
    "results",
    "accounts",
    "devices",
    "notes",
    "visits",
    "beds",
    "payments",
    "referrals",
    "consents",
    "schedules",
];

const TENANT_POLICY: &str = "tenant_id = (SELECT current_setting('app.tenant_id')::uuid)";

/// splitmix64: tiny, fast, and good enough to shape a benchmark model.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0)");
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// `k` distinct indexes of `0..n` (all of them when `k >= n`), ascending.
    pub fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all.sort_unstable();
        all
    }
}

fn schema_model(name: &str) -> Schema {
    Schema {
        name: name.to_string(),
        comment: Some(format!("Synthetic benchmark schema {name}.")),
        naming_rules: true,
        origin: Origin::default(),
    }
}

fn enum_types(rng: &mut Rng) -> Vec<EnumType> {
    (0..ENUMS)
        .map(|e| {
            let values = rng.between(3, 8);
            EnumType {
                schema: SCHEMAS[e % SCHEMAS.len()].to_string(),
                name: format!("{}_{e:02}", ENUM_WORDS[e % ENUM_WORDS.len()]),
                values: ENUM_VALUES[..values]
                    .iter()
                    .map(|v| v.to_string())
                    .collect(),
                comment: (e % 3 == 0).then(|| format!("Synthetic enum number {e}.")),
                origin: Origin::default(),
                renamed_values: Vec::new(),
            }
        })
        .collect()
}

fn table_name(i: usize) -> String {
    format!("{}_{i:05}", TABLE_WORDS[i % TABLE_WORDS.len()])
}

/// One filler column of a randomly chosen type.
fn filler_column(rng: &mut Rng, k: usize, enums: &[EnumType]) -> Column {
    let nullable = rng.percent(70);
    let (word, ty, default) = match rng.below(11) {
        0 => ("label", ColumnType::Text, None),
        1 => (
            "title",
            ColumnType::Varchar(Some([40, 80, 120, 255][rng.below(4)])),
            None,
        ),
        2 => ("quantity", ColumnType::Integer, None),
        3 => (
            "counter",
            ColumnType::BigInt,
            Some(DefaultValue::Integer(0)),
        ),
        4 => ("amount", ColumnType::Numeric(Some((12, 2))), None),
        5 => (
            "is_flagged",
            ColumnType::Boolean,
            Some(DefaultValue::Boolean(false)),
        ),
        6 => ("due_on", ColumnType::Date, None),
        7 => ("happened_at", ColumnType::Timestamptz, None),
        8 => (
            "details",
            ColumnType::Jsonb,
            Some(DefaultValue::Sql("'{}'::jsonb".into())),
        ),
        9 => ("external_ref", ColumnType::Uuid, None),
        _ => {
            let e = &enums[rng.below(enums.len())];
            let default = rng
                .percent(50)
                .then(|| DefaultValue::Text(e.values[0].clone()));
            (
                "state",
                ColumnType::Enum {
                    schema: e.schema.clone(),
                    name: e.name.clone(),
                },
                default,
            )
        }
    };
    let mut c = Column::new(format!("c{k:02}_{word}"), ty, nullable);
    c.default = default;
    if rng.percent(15) {
        c.comment = Some(format!("Synthetic column {k} ({word})."));
    }
    c
}

fn index(name: String, columns: &[&str]) -> Index {
    Index {
        name,
        keys: columns.iter().map(|c| IndexKey::column(*c)).collect(),
        unique: false,
        method: Default::default(),
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    }
}

fn foreign_key(
    table: &str,
    column: &str,
    target: &QualifiedName,
    on_delete: FkAction,
) -> ForeignKey {
    ForeignKey {
        name: format!("{table}_{column}_fkey"),
        columns: vec![column.to_string()],
        ref_table: target.clone(),
        ref_columns: vec!["id".to_string()],
        on_delete,
        on_update: FkAction::NoAction,
        deferral: Default::default(),
    }
}

/// Table number `i` in `schema`; `parent` is the previous table of the chain in the same
/// schema, `cross` a table of another schema it also references.
fn make_table(
    rng: &mut Rng,
    i: usize,
    schema: &str,
    parent: Option<&QualifiedName>,
    cross: Option<&QualifiedName>,
    enums: &[EnumType],
) -> Table {
    let name = table_name(i);
    let mut t = Table::new(schema, &name);
    t.comment = Some(format!("Synthetic table number {i}."));
    let tenant = rng.percent(25);
    let mut id = Column::new("id", ColumnType::Uuid, false);
    id.default = Some(DefaultValue::Sql("gen_random_uuid()".into()));
    t.columns.push(id);
    t.primary_key = Some(PrimaryKey {
        name: format!("{name}_pkey"),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    if tenant {
        t.tenant_scoped = true;
        t.columns
            .push(Column::new("tenant_id", ColumnType::Uuid, false));
        t.indexes
            .push(index(format!("{name}_tenant_id_idx"), &["tenant_id"]));
        t.row_security = Some(RowSecurity { force: true });
        t.policies.push(Policy {
            name: "tenant_isolation".into(),
            permissive: true,
            command: PolicyCommand::All,
            roles: Vec::new(),
            using: Some(TENANT_POLICY.into()),
            with_check: Some(TENANT_POLICY.into()),
        });
    }
    if let Some(parent) = parent {
        t.columns
            .push(Column::new("parent_id", ColumnType::Uuid, true));
        t.foreign_keys
            .push(foreign_key(&name, "parent_id", parent, FkAction::Restrict));
        t.indexes
            .push(index(format!("{name}_parent_id_idx"), &["parent_id"]));
    }
    if let Some(cross) = cross {
        let column = format!("{}_ref_id", cross.schema);
        t.columns.push(Column::new(&column, ColumnType::Uuid, true));
        t.foreign_keys
            .push(foreign_key(&name, &column, cross, FkAction::SetNull));
        t.indexes
            .push(index(format!("{name}_{column}_idx"), &[&column]));
    }
    t.columns
        .push(Column::new("code", ColumnType::Varchar(Some(32)), false));
    let mut created = Column::new("created_at", ColumnType::Timestamptz, false);
    created.default = Some(DefaultValue::Sql("now()".into()));
    t.columns.push(created);
    let key: Vec<String> = if tenant {
        vec!["tenant_id".into(), "code".into()]
    } else {
        vec!["code".into()]
    };
    t.uniques.push(Unique {
        name: format!("{name}_code_key"),
        columns: key,
        nulls_not_distinct: false,
        deferral: Default::default(),
    });
    t.indexes
        .push(index(format!("{name}_created_at_idx"), &["created_at"]));
    if rng.percent(15) {
        t.checks.push(Check {
            name: format!("{name}_code_check"),
            expr: "char_length(code) > 0".into(),
        });
    }
    let total = rng.between(12, 20);
    let mut k = 0;
    while t.columns.len() < total {
        t.columns.push(filler_column(rng, k, enums));
        k += 1;
    }
    if rng.percent(20) {
        let col = t.columns.last().expect("columns").name.clone();
        t.indexes
            .push(index(format!("{name}_{col}_idx"), &[&col, "created_at"]));
    }
    t
}

/// Which schema table `i` of `tables` belongs to: contiguous blocks, one per schema.
fn schema_of(i: usize, tables: usize) -> usize {
    i * SCHEMAS.len() / tables.max(1)
}

/// A canonical, valid model of `tables` tables (plus 5 schemas and 35 enum types), the same
/// for the same `(tables, seed)` on every machine.
pub fn synthetic_model(tables: usize, seed: u64) -> Model {
    let mut rng = Rng::new(seed);
    let enums = enum_types(&mut rng);
    let mut model = Model {
        schemas: SCHEMAS.iter().map(|s| schema_model(s)).collect(),
        enums,
        ..Default::default()
    };
    // First table of each schema, and the last one made so far (the chain's end).
    let mut first: Vec<Option<usize>> = vec![None; SCHEMAS.len()];
    for i in 0..tables {
        let s = schema_of(i, tables);
        let parent = (first[s].is_some() && i > 0).then(|| model.tables[i - 1].qualified_name());
        first[s].get_or_insert(i);
        // About one table in six of the later schemas also references an earlier schema:
        // the references stay acyclic, as real cross-schema references mostly are.
        let cross = (s > 0 && rng.percent(16)).then(|| {
            let end = first[s].expect("set above");
            model.tables[rng.below(end)].qualified_name()
        });
        let t = make_table(
            &mut rng,
            i,
            SCHEMAS[s],
            parent.as_ref(),
            cross.as_ref(),
            &model.enums,
        );
        model.tables.push(t);
    }
    model.canonicalize();
    model
}

/// A changed copy of a model made by [`synthetic_model`]: what one big release does. About
/// 10% of the tables gain a column, 5% change an index, 3% change the nullability of a
/// column, every fifth enum type gains a value and 40 tables are new. Canonical and valid.
pub fn changed_copy(model: &Model, seed: u64) -> Model {
    let mut rng = Rng::new(seed ^ 0x00C0_FFEE_D00D_F00D);
    let mut new = model.clone();
    let n = new.tables.len();

    for i in rng.distinct(n, n.div_ceil(10)) {
        let mut c = Column::new(ADDED_COLUMN, ColumnType::Text, true);
        c.comment = Some("Added by the synthetic release.".into());
        new.tables[i].columns.push(c);
    }
    for i in rng.distinct(n, n.div_ceil(20)) {
        let t = &mut new.tables[i];
        let name = format!("{}_created_at_idx", t.name);
        if let Some(ix) = t.indexes.iter_mut().find(|ix| ix.name == name) {
            // Same name, new definition: newest first, and only live rows.
            ix.keys = vec![IndexKey::Column {
                name: "created_at".into(),
                descending: true,
                opclass: None,
                collation: None,
            }];
            ix.predicate = Some("code IS NOT NULL".into());
        }
    }
    for i in rng.distinct(n, (n * 3).div_ceil(100)) {
        let t = &mut new.tables[i];
        // A filler column (never a key column): flip NULL / NOT NULL.
        let fillers: Vec<usize> = t
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.name.starts_with('c') && c.name.as_bytes().get(1).is_some_and(u8::is_ascii_digit)
            })
            .map(|(j, _)| j)
            .collect();
        if !fillers.is_empty() {
            let j = fillers[rng.below(fillers.len())];
            t.columns[j].nullable = !t.columns[j].nullable;
        }
    }
    for (e, ty) in new.enums.iter_mut().enumerate() {
        if e % 5 == 0 && !ty.values.iter().any(|v| v == ADDED_ENUM_VALUE) {
            ty.values.push(ADDED_ENUM_VALUE.into());
        }
    }

    // New tables: continue the numbering; each extends the chain of its schema, and one in
    // four also references a table of another schema.
    let next = model
        .tables
        .iter()
        .filter_map(|t| t.name.rsplit('_').next()?.parse::<usize>().ok())
        .max()
        .map_or(0, |m| m + 1);
    let mut chain_end: Vec<Option<QualifiedName>> = SCHEMAS
        .iter()
        .map(|s| {
            model
                .tables
                .iter()
                .filter(|t| t.schema == *s)
                .max_by_key(|t| {
                    t.name
                        .rsplit('_')
                        .next()
                        .and_then(|n| n.parse::<usize>().ok())
                })
                .map(Table::qualified_name)
        })
        .collect();
    for j in 0..NEW_TABLES {
        let s = j % SCHEMAS.len();
        let cross = if rng.percent(25) {
            let others: Vec<&Table> = model
                .tables
                .iter()
                .filter(|t| t.schema != SCHEMAS[s])
                .collect();
            (!others.is_empty()).then(|| others[rng.below(others.len())].qualified_name())
        } else {
            None
        };
        let t = make_table(
            &mut rng,
            next + j,
            SCHEMAS[s],
            chain_end[s].as_ref(),
            cross.as_ref(),
            &new.enums,
        );
        chain_end[s] = Some(t.qualified_name());
        new.tables.push(t);
    }
    new.canonicalize();
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(m: &Model) -> bool {
        let mut c = m.clone();
        c.canonicalize();
        c == *m
    }

    #[test]
    fn the_benchmark_pair_is_valid_canonical_and_shaped_as_asked() {
        let old = synthetic_model(2000, 1);
        let new = changed_copy(&old, 1);
        if let Err(p) = old.validate() {
            panic!("synthetic model: {p}");
        }
        if let Err(p) = new.validate() {
            panic!("changed copy: {p}");
        }
        assert!(canonical(&old) && canonical(&new));

        assert_eq!(old.schemas.len(), 5);
        assert_eq!(old.enums.len(), ENUMS);
        assert!(old.enums.iter().all(|e| (3..=8).contains(&e.values.len())));
        assert_eq!(old.tables.len(), 2000);
        assert_eq!(new.tables.len(), 2000 + NEW_TABLES);
        assert!(
            old.tables
                .iter()
                .all(|t| (12..=20).contains(&t.columns.len()))
        );
        let fks: usize = old.tables.iter().map(|t| t.foreign_keys.len()).sum();
        let cross = old
            .tables
            .iter()
            .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
            .filter(|(t, fk)| fk.ref_table.schema != t.schema)
            .count();
        assert!(
            fks >= 2000 - 5 && cross > 50,
            "{fks} foreign keys, {cross} cross-schema"
        );
        assert!(
            old.tables
                .iter()
                .any(|t| t.row_security.is_some() && !t.policies.is_empty())
        );
        assert!(old.tables.iter().any(|t| !t.checks.is_empty()));

        let gained = new
            .tables
            .iter()
            .filter(|t| t.column(ADDED_COLUMN).is_some())
            .count();
        assert_eq!(gained, 200);
        let grown = new
            .enums
            .iter()
            .filter(|e| e.values.iter().any(|v| v == ADDED_ENUM_VALUE))
            .count();
        assert_eq!(grown, ENUMS / 5);
    }

    #[test]
    fn the_models_are_deterministic() {
        let a = synthetic_model(300, 7);
        assert_eq!(a, synthetic_model(300, 7));
        assert_eq!(changed_copy(&a, 7), changed_copy(&a, 7));
        assert_ne!(a, synthetic_model(300, 8));
    }

    #[test]
    fn small_models_are_valid_too() {
        for tables in [0, 1, 4, 5, 17, 120] {
            let old = synthetic_model(tables, 3);
            let new = changed_copy(&old, 3);
            assert!(old.validate().is_ok(), "{tables}: {:?}", old.validate());
            assert!(new.validate().is_ok(), "{tables}: {:?}", new.validate());
        }
    }

    #[test]
    fn the_diff_sees_every_kind_of_change() {
        let old = synthetic_model(400, 2);
        let new = changed_copy(&old, 2);
        let changes = hims_diff::diff(&old, &new);
        let count = |what: &str| {
            changes
                .iter()
                .filter(|c| format!("{c:?}").starts_with(what))
                .count()
        };
        assert_eq!(count("CreateTable"), NEW_TABLES);
        assert_eq!(count("AddColumn"), 40);
        assert_eq!(count("AddEnumValue"), ENUMS / 5);
        assert_eq!(count("DropIndex"), 20);
        assert_eq!(count("CreateIndex"), 20);
        assert_eq!(count("SetNotNull") + count("DropNotNull"), 12);
        assert!(hims_diff::diff(&old, &old).is_empty());
    }
}
