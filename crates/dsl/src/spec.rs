//! What the derives emit: the attributes of one table or enum, as written. Turning a spec
//! into model objects applies the naming rules (PostgreSQL's own conventions: `_pkey`,
//! `_key`, `_fkey`, `_check`, `_idx`) and the house rules (every foreign key is indexed).

use hims_model::{
    Check, Column, ColumnType, DefaultValue, Deferral, EnumType, FkAction, ForeignKey, Identity,
    Index, IndexKey, IndexMethod, MAX_IDENTIFIER_BYTES, Origin, PrimaryKey, QualifiedName, Table,
    Unique,
};

#[derive(Debug, Clone)]
pub struct TableSpec {
    /// `module::path::Struct`, for error messages.
    pub rust_item: &'static str,
    pub schema: &'static str,
    pub name: &'static str,
    pub comment: Option<&'static str>,
    /// `#[table(tenant_scoped)]`: the builder adds `tenant_id`, tenant-safe keys and RLS.
    pub tenant_scoped: bool,
    /// `#[table(compliance)]`: the standard audit/soft-delete/version columns.
    pub compliance: bool,
    /// `#[table(renamed_from = "old")]`: rename hint for the diff.
    pub renamed_from: Option<&'static str>,
    /// `#[table(partition_by_range(col))]`.
    pub partition_by: Option<hims_model::Partitioning>,
    pub columns: Vec<ColumnSpec>,
    /// Table-level `#[primary_key(a, b)]`; column-level `primary_key` flags are added to it.
    pub primary_key: Vec<&'static str>,
    pub uniques: Vec<UniqueSpec>,
    pub checks: Vec<CheckSpec>,
    pub foreign_keys: Vec<ForeignKeySpec>,
    pub indexes: Vec<IndexSpec>,
    /// `#[exclude(…)]`, already in model form.
    pub exclusions: Vec<hims_model::Exclusion>,
}

#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub rust_field: &'static str,
    pub name: &'static str,
    pub ty: ColumnType,
    pub nullable: bool,
    pub default: Option<DefaultSpec>,
    pub generated: Option<&'static str>,
    /// `generated_virtual = "expr"`: `generated` is computed when read (`VIRTUAL`).
    pub virtual_generated: bool,
    pub identity: Option<Identity>,
    /// Sequence options of an identity column (`#[column(identity_options(…))]`).
    pub identity_options: hims_model::SequenceOptions,
    /// `#[column(collate = "C")]`: the column's collation (of `pg_catalog`).
    pub collation: Option<&'static str>,
    pub comment: Option<&'static str>,
    pub primary_key: bool,
    pub unique: bool,
    pub check: Option<&'static str>,
    pub index: bool,
    /// `#[column(renamed_from = "old")]`: rename hint for the diff.
    pub renamed_from: Option<&'static str>,
    /// `#[column(backfill = "expr")]`: fills existing NULLs when the column becomes NOT NULL.
    pub backfill: Option<&'static str>,
    /// `#[column(references = Other)]`: a single-column foreign key.
    pub references: Option<ForeignKeySpec>,
}

#[derive(Debug, Clone)]
pub enum DefaultSpec {
    Text(&'static str),
    Integer(i64),
    Boolean(bool),
    Numeric(&'static str),
    Sql(&'static str),
}

#[derive(Debug, Clone)]
pub struct UniqueSpec {
    pub name: Option<&'static str>,
    pub columns: Vec<&'static str>,
    pub nulls_not_distinct: bool,
    pub deferral: Deferral,
}

#[derive(Debug, Clone)]
pub struct CheckSpec {
    pub name: &'static str,
    pub expr: &'static str,
}

#[derive(Debug, Clone)]
pub struct ForeignKeySpec {
    pub name: Option<&'static str>,
    /// Empty for a column-level `references`, which fills in the column itself.
    pub columns: Vec<&'static str>,
    pub ref_schema: &'static str,
    pub ref_table: &'static str,
    /// Empty: the referenced table's primary key.
    pub ref_columns: Vec<&'static str>,
    pub ref_primary_key: &'static [&'static str],
    pub on_delete: FkAction,
    pub on_update: FkAction,
    pub deferral: Deferral,
}

#[derive(Debug, Clone)]
pub struct IndexSpec {
    pub name: Option<&'static str>,
    pub keys: Vec<IndexKeySpec>,
    pub unique: bool,
    pub method: IndexMethod,
    pub predicate: Option<&'static str>,
    pub include: Vec<&'static str>,
    pub nulls_not_distinct: bool,
}

#[derive(Debug, Clone)]
pub enum IndexKeySpec {
    Column {
        name: &'static str,
        descending: bool,
        opclass: Option<&'static str>,
        /// `collate = "C"`: the key's collation, when it is not the column's.
        collation: Option<&'static str>,
    },
    Expression(&'static str),
}

#[derive(Debug, Clone)]
pub struct EnumSpec {
    pub rust_item: &'static str,
    pub schema: &'static str,
    pub name: &'static str,
    pub comment: Option<&'static str>,
    pub values: Vec<&'static str>,
    /// `(old, new)` value rename hints.
    pub renamed_values: Vec<(&'static str, &'static str)>,
}

impl EnumSpec {
    pub fn into_enum(self) -> EnumType {
        EnumType {
            schema: self.schema.to_string(),
            name: self.name.to_string(),
            values: self.values.iter().map(|v| v.to_string()).collect(),
            comment: self.comment.map(str::to_string),
            origin: Origin::item(self.rust_item),
            renamed_values: self
                .renamed_values
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        }
    }
}

/// `{table}_{parts}_{suffix}`, PostgreSQL's own pattern. A name that would exceed 63 bytes
/// is cut and given a stable hash of the full name, so it stays unique and deterministic
/// instead of being truncated by the server.
pub fn derived_name(table: &str, parts: &[&str], suffix: &str) -> String {
    let mut name = String::from(table);
    for p in parts {
        name.push('_');
        name.push_str(p);
    }
    name.push('_');
    name.push_str(suffix);
    if name.len() <= MAX_IDENTIFIER_BYTES {
        return name;
    }
    // FNV-1a: tiny, stable across platforms and Rust versions (unlike DefaultHasher).
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    });
    let tail = format!("_{hash:08x}_{suffix}");
    let mut cut = MAX_IDENTIFIER_BYTES - tail.len();
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{tail}", &name[..cut])
}

/// Identifier-like words of an expression, for naming expression indexes:
/// `lower(username)` → `lower_username`.
fn expression_words(expr: &str) -> String {
    expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
        .to_ascii_lowercase()
}

impl DefaultSpec {
    fn into_default(self) -> DefaultValue {
        match self {
            DefaultSpec::Text(s) => DefaultValue::Text(s.to_string()),
            DefaultSpec::Integer(i) => DefaultValue::Integer(i),
            DefaultSpec::Boolean(b) => DefaultValue::Boolean(b),
            DefaultSpec::Numeric(n) => DefaultValue::Numeric(n.to_string()),
            DefaultSpec::Sql(s) => DefaultValue::Sql(s.to_string()),
        }
    }
}

impl ForeignKeySpec {
    fn into_foreign_key(self, table: &str) -> ForeignKey {
        let ref_columns: Vec<String> = if self.ref_columns.is_empty() {
            self.ref_primary_key.iter().map(|c| c.to_string()).collect()
        } else {
            self.ref_columns.iter().map(|c| c.to_string()).collect()
        };
        ForeignKey {
            name: self
                .name
                .map(str::to_string)
                .unwrap_or_else(|| derived_name(table, &self.columns, "fkey")),
            columns: self.columns.iter().map(|c| c.to_string()).collect(),
            ref_table: QualifiedName::new(self.ref_schema, self.ref_table),
            ref_columns,
            on_delete: self.on_delete,
            on_update: self.on_update,
            deferral: self.deferral,
        }
    }
}

impl TableSpec {
    /// The model table: derived names filled in, column-level keys lifted to table level,
    /// and an index added for every foreign key no existing index or key already serves.
    pub fn into_table(self) -> Table {
        let t = self.name;
        let mut table = Table::new(self.schema, t);
        table.comment = self.comment.map(str::to_string);
        table.tenant_scoped = self.tenant_scoped;
        table.compliance = self.compliance;
        table.partition_by = self.partition_by;
        table.renamed_from = self.renamed_from.map(str::to_string);
        table.origin = Origin::item(self.rust_item);

        let mut pk: Vec<String> = self.primary_key.iter().map(|c| c.to_string()).collect();
        for c in self.columns {
            if c.primary_key && !pk.iter().any(|p| p == c.name) {
                pk.push(c.name.to_string());
            }
            if c.unique {
                table.uniques.push(Unique {
                    name: derived_name(t, &[c.name], "key"),
                    columns: vec![c.name.to_string()],
                    nulls_not_distinct: false,
                    deferral: Default::default(),
                });
            }
            if let Some(expr) = c.check {
                table.checks.push(Check {
                    name: derived_name(t, &[c.name], "check"),
                    expr: expr.to_string(),
                });
            }
            if c.index {
                table.indexes.push(Index {
                    name: derived_name(t, &[c.name], "idx"),
                    keys: vec![IndexKey::column(c.name)],
                    unique: false,
                    method: IndexMethod::Btree,
                    predicate: None,
                    include: Vec::new(),
                    nulls_not_distinct: false,
                });
            }
            if let Some(mut fk) = c.references {
                fk.columns = vec![c.name];
                table.foreign_keys.push(fk.into_foreign_key(t));
            }
            table.columns.push(Column {
                name: c.name.to_string(),
                ty: c.ty,
                nullable: c.nullable,
                default: c.default.map(DefaultSpec::into_default),
                generated: c.generated.map(str::to_string),
                virtual_generated: c.virtual_generated,
                identity: c.identity,
                identity_options: c.identity_options,
                collation: c.collation.map(str::to_string),
                comment: c.comment.map(str::to_string),
                backfill: c.backfill.map(str::to_string),
                rust_field: Some(c.rust_field.to_string()),
                renamed_from: c.renamed_from.map(str::to_string),
            });
        }
        if !pk.is_empty() {
            table.primary_key = Some(PrimaryKey {
                name: derived_name(t, &[], "pkey"),
                columns: pk,
                deferral: Default::default(),
            });
        }
        for u in self.uniques {
            table.uniques.push(Unique {
                name: u
                    .name
                    .map(str::to_string)
                    .unwrap_or_else(|| derived_name(t, &u.columns, "key")),
                columns: u.columns.iter().map(|c| c.to_string()).collect(),
                nulls_not_distinct: u.nulls_not_distinct,
                deferral: u.deferral,
            });
        }
        for c in self.checks {
            table.checks.push(Check {
                name: c.name.to_string(),
                expr: c.expr.to_string(),
            });
        }
        for fk in self.foreign_keys {
            table.foreign_keys.push(fk.into_foreign_key(t));
        }
        table.exclusions = self.exclusions;
        for i in self.indexes {
            let keys: Vec<IndexKey> = i
                .keys
                .iter()
                .map(|k| match k {
                    IndexKeySpec::Column {
                        name,
                        descending,
                        opclass,
                        collation,
                    } => IndexKey::Column {
                        name: name.to_string(),
                        descending: *descending,
                        opclass: opclass.map(str::to_string),
                        collation: collation.map(str::to_string),
                    },
                    IndexKeySpec::Expression(e) => IndexKey::Expression(e.to_string()),
                })
                .collect();
            let words: Vec<String> = i
                .keys
                .iter()
                .map(|k| match k {
                    IndexKeySpec::Column { name, .. } => name.to_string(),
                    IndexKeySpec::Expression(e) => expression_words(e),
                })
                .collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            table.indexes.push(Index {
                name: i.name.map(str::to_string).unwrap_or_else(|| {
                    derived_name(t, &words, if i.unique { "uidx" } else { "idx" })
                }),
                keys,
                unique: i.unique,
                method: i.method,
                predicate: i.predicate.map(str::to_string),
                include: i.include.iter().map(|c| c.to_string()).collect(),
                nulls_not_distinct: i.nulls_not_distinct,
            });
        }
        if self.compliance {
            add_compliance_columns(&mut table);
        }
        table
    }
}

/// Names of the columns `compliance` adds; a table may not declare them itself.
pub const COMPLIANCE_COLUMNS: [&str; 7] = [
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "deleted_at",
    "deleted_by",
    "version",
];

/// The standard columns of hims-domain.md §0.1: who and when created, updated, soft-deleted,
/// and a row version for optimistic locking (kept right by the row-meta trigger).
pub fn add_compliance_columns(table: &mut Table) {
    let cols: [(&str, ColumnType, bool, Option<DefaultValue>, &str); 7] = [
        (
            "created_at",
            ColumnType::Timestamptz,
            false,
            Some(DefaultValue::Sql("now()".into())),
            "When the row was created; never changes.",
        ),
        (
            "created_by",
            ColumnType::Uuid,
            true,
            None,
            "User (app.user_id) who created the row; NULL for system jobs.",
        ),
        (
            "updated_at",
            ColumnType::Timestamptz,
            false,
            Some(DefaultValue::Sql("now()".into())),
            "When the row last changed; set by trigger.",
        ),
        (
            "updated_by",
            ColumnType::Uuid,
            true,
            None,
            "User (app.user_id) who last changed the row; set by trigger.",
        ),
        (
            "deleted_at",
            ColumnType::Timestamptz,
            true,
            None,
            "Soft delete: when the row was retired; NULL = live row.",
        ),
        (
            "deleted_by",
            ColumnType::Uuid,
            true,
            None,
            "Soft delete: who retired the row.",
        ),
        (
            "version",
            ColumnType::Integer,
            false,
            Some(DefaultValue::Integer(1)),
            "Row version for optimistic locking; bumped by trigger on every update.",
        ),
    ];
    for (name, ty, nullable, default, comment) in cols {
        if table.column(name).is_some() {
            continue;
        }
        let mut c = Column::new(name, ty, nullable);
        c.default = default;
        c.comment = Some(comment.to_string());
        table.columns.push(c);
    }
    table.checks.push(Check {
        name: derived_name(&table.name, &["deleted_by"], "check"),
        expr: "deleted_by IS NULL OR deleted_at IS NOT NULL".to_string(),
    });
}

/// PostgreSQL does not index referencing columns; without an index every delete or key
/// update on the parent scans the child. Add one per foreign key unless the primary key,
/// a unique constraint or a plain (non-partial) btree index already starts with its columns.
pub fn index_foreign_keys(table: &mut Table) {
    let mut leading: Vec<Vec<String>> = Vec::new();
    if let Some(pk) = &table.primary_key {
        leading.push(pk.columns.clone());
    }
    leading.extend(table.uniques.iter().map(|u| u.columns.clone()));
    leading.extend(
        table
            .indexes
            .iter()
            .filter(|i| i.predicate.is_none() && i.method == IndexMethod::Btree)
            .map(|i| {
                i.keys
                    .iter()
                    .map_while(|k| k.column_name().map(str::to_string))
                    .collect()
            }),
    );
    let mut added = Vec::new();
    for fk in &table.foreign_keys {
        let served = leading.iter().any(|cols| {
            cols.len() >= fk.columns.len()
                && fk
                    .columns
                    .iter()
                    .all(|c| cols[..fk.columns.len()].contains(c))
        });
        if served {
            continue;
        }
        let parts: Vec<&str> = fk.columns.iter().map(String::as_str).collect();
        leading.push(fk.columns.clone());
        added.push(Index {
            name: derived_name(&table.name, &parts, "idx"),
            keys: fk.columns.iter().map(IndexKey::column).collect(),
            unique: false,
            method: IndexMethod::Btree,
            predicate: None,
            include: Vec::new(),
            nulls_not_distinct: false,
        });
    }
    table.indexes.extend(added);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names_follow_postgres_conventions() {
        assert_eq!(derived_name("patients", &[], "pkey"), "patients_pkey");
        assert_eq!(
            derived_name("patients", &["tenant_id", "mrn"], "key"),
            "patients_tenant_id_mrn_key"
        );
    }

    #[test]
    fn long_derived_names_are_cut_deterministically_within_63_bytes() {
        let cols = [
            "a_really_long_column_name_number_one",
            "another_long_column_name",
        ];
        let a = derived_name("practitioner_registrations", &cols, "fkey");
        let b = derived_name("practitioner_registrations", &cols, "fkey");
        assert_eq!(a, b);
        assert!(a.len() <= 63, "{a} is {} bytes", a.len());
        assert!(a.ends_with("_fkey"));
        let other = derived_name("practitioner_registrations", &["x", cols[1]], "fkey");
        assert_ne!(a, other);
    }

    #[test]
    fn expression_index_names_use_the_words_of_the_expression() {
        assert_eq!(expression_words("lower(username)"), "lower_username");
    }
}
