//! prettyplease and rustfmt break lines by different rules (a margin of 89 columns against
//! rustfmt's width heuristics: 60 for call arguments and arrays, 70 for attribute
//! arguments, 100 for lines). The generator steers clear of the widths where they differ;
//! this test sweeps names and texts over every length that matters and checks that
//! rustfmt leaves every generated module as it is.

use hims_codegen::{mod_rs, rust_module};
use hims_model::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// Deterministic xorshift, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A snake_case name of exactly `len` bytes (at least 1).
    fn name(&mut self, len: usize) -> String {
        let mut s = String::new();
        while s.len() < len {
            if !s.is_empty() && s.len() + 1 < len && self.below(5) == 0 && !s.ends_with('_') {
                s.push('_');
            } else {
                s.push((b'a' + self.below(26) as u8) as char);
            }
        }
        s
    }

    fn name_r(&mut self, min: usize, spread: usize) -> String {
        let len = min + self.below(spread);
        self.name(len)
    }

    fn text_r(&mut self, min: usize, spread: usize) -> String {
        let len = min + self.below(spread);
        self.text(len)
    }

    /// Words and SQL punctuation, `len` bytes.
    fn text(&mut self, len: usize) -> String {
        let mut s = String::new();
        while s.len() < len {
            match self.below(8) {
                0 if !s.is_empty() && !s.ends_with(' ') && s.len() + 2 < len => s.push(' '),
                1 => s.push('('),
                2 => s.push(')'),
                _ => s.push((b'a' + self.below(26) as u8) as char),
            }
        }
        s.trim().to_string() + "x"
    }
}

/// Not deferrable two times in three, else either deferral.
fn deferral(rng: &mut Rng) -> Deferral {
    [
        Deferral::NotDeferrable,
        Deferral::NotDeferrable,
        Deferral::InitiallyImmediate,
        Deferral::NotDeferrable,
        Deferral::InitiallyDeferred,
        Deferral::NotDeferrable,
    ][rng.below(6)]
}

/// Domains of every name and text length: default, checks (names and expressions), a
/// collation, a comment.
fn domains(rng: &mut Rng, schema: &str) -> Vec<Domain> {
    (0..1 + rng.below(3))
        .map(|i| {
            let base = ["integer", "text", "numeric(12,2)", "character varying(40)"][rng.below(4)];
            let mut d = Domain::new(
                schema,
                format!("{}{i}", rng.name_r(2, 58)),
                ColumnType::parse(base).unwrap(),
            );
            d.collation = (rng.below(3) == 0).then(|| rng.name_r(1, 40));
            d.default = (rng.below(2) == 0).then(|| rng.text_r(1, 90));
            d.not_null = rng.below(2) == 0;
            d.checks = (0..rng.below(4))
                .map(|k| Check {
                    name: format!("{}{k}", rng.name_r(1, 50)),
                    expr: rng.text_r(1, 100),
                })
                .collect();
            d.comment = (rng.below(2) == 0).then(|| rng.text_r(1, 120));
            d
        })
        .collect()
}

/// Composite types of every name length: attributes of every name and type length, some
/// collated (names of every length), a comment.
fn composites(rng: &mut Rng, schema: &str) -> Vec<CompositeType> {
    (0..1 + rng.below(3))
        .map(|i| {
            let attributes = (0..rng.below(5))
                .map(|k| {
                    let ty = [
                        "integer",
                        "text",
                        "numeric(12,2)",
                        "character varying(40)",
                        "timestamp(3) with time zone",
                        "interval day to second(3)",
                        "text[]",
                    ][rng.below(7)];
                    CompositeAttribute {
                        collation: (rng.below(3) == 0).then(|| rng.name_r(1, 50)),
                        ..CompositeAttribute::new(
                            format!("{}{k}", rng.name_r(1, 60)),
                            ColumnType::parse(ty).unwrap(),
                        )
                    }
                })
                .collect();
            let mut c = CompositeType::new(schema, format!("{}{i}", rng.name_r(2, 60)), attributes);
            c.comment = (rng.below(2) == 0).then(|| rng.text_r(1, 120));
            c
        })
        .collect()
}

fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ColumnType::parse(ty).unwrap(), false)
}

fn model(rng: &mut Rng) -> Model {
    let schema = rng.name_r(3, 12);
    let mut tables = Vec::new();
    let target_name = rng.name_r(3, 58);
    let mut target = Table::new(&schema, &target_name);
    target.columns = vec![col("id", "uuid")];
    target.primary_key = Some(PrimaryKey {
        name: format!("{target_name}_pkey"),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    tables.push(target);
    for _ in 0..3 {
        let name = rng.name_r(3, 58);
        if name == target_name {
            continue;
        }
        let mut t = Table::new(&schema, &name);
        let ncols = 1 + rng.below(6);
        let mut names: Vec<String> = Vec::new();
        for _ in 0..ncols {
            let n = rng.name_r(1, 40);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        for n in &names {
            let mut c = col(
                n,
                ["uuid", "text", "numeric(12,2)", "character varying(40)"][rng.below(4)],
            );
            if rng.below(3) == 0 {
                c.default = Some(DefaultValue::Sql(rng.text_r(1, 90)));
            }
            if rng.below(3) == 0 {
                c.comment = Some(rng.text_r(1, 120));
            }
            if matches!(c.ty, ColumnType::Text | ColumnType::Varchar(_)) && rng.below(3) == 0 {
                c.collation = Some(rng.name_r(1, 63));
            }
            t.columns.push(c);
        }
        t.columns.push(col("target_id", "uuid"));
        let pick = |rng: &mut Rng, spread: usize| -> Vec<String> {
            let k = 1 + rng.below(spread);
            (0..k)
                .map(|_| names[rng.below(names.len())].clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let pk = pick(rng, 3);
        t.primary_key = Some(PrimaryKey {
            name: if rng.below(2) == 0 {
                format!("{name}_pkey")
            } else {
                rng.name_r(5, 58)
            },
            columns: pk,
            deferral: deferral(rng),
        });
        for _ in 0..rng.below(3) {
            t.uniques.push(Unique {
                name: rng.name_r(5, 58),
                columns: pick(rng, 4),
                nulls_not_distinct: rng.below(3) == 0,
                deferral: deferral(rng),
            });
        }
        for _ in 0..rng.below(3) {
            t.checks.push(Check {
                name: rng.name_r(5, 58),
                expr: rng.text_r(1, 100),
            });
        }
        t.foreign_keys.push(ForeignKey {
            name: rng.name_r(5, 58),
            columns: vec!["target_id".into()],
            ref_table: QualifiedName::new(&schema, &target_name),
            ref_columns: vec!["id".into()],
            on_delete: [FkAction::NoAction, FkAction::Cascade, FkAction::SetNull][rng.below(3)],
            on_update: FkAction::NoAction,
            deferral: deferral(rng),
        });
        for _ in 0..rng.below(4) {
            let mut keys: Vec<IndexKey> = pick(rng, 4)
                .into_iter()
                .map(|n| IndexKey::Column {
                    name: n,
                    descending: rng.below(3) == 0,
                    opclass: (rng.below(4) == 0).then(|| rng.name_r(5, 20)),
                    collation: (rng.below(4) == 0).then(|| rng.name_r(1, 63)),
                })
                .collect();
            for _ in 0..rng.below(3) {
                keys.push(IndexKey::Expression(rng.text_r(3, 60)));
            }
            if rng.below(5) == 0 {
                keys.push(IndexKey::column(names[0].clone()));
            }
            t.indexes.push(Index {
                name: rng.name_r(5, 58),
                keys,
                unique: rng.below(2) == 0,
                method: [IndexMethod::Btree, IndexMethod::Gin][rng.below(2)],
                predicate: (rng.below(2) == 0).then(|| rng.text_r(1, 80)),
                include: if rng.below(3) == 0 {
                    pick(rng, 2)
                } else {
                    vec![]
                },
                nulls_not_distinct: rng.below(4) == 0,
            });
        }
        if rng.below(2) == 0 {
            t.exclusions.push(Exclusion {
                name: rng.name_r(5, 58),
                method: IndexMethod::Gist,
                elements: (0..1 + rng.below(3))
                    .map(|_| ExclusionElement {
                        expr: rng.text_r(1, 40),
                        operator: ["=", "&&"][rng.below(2)].into(),
                    })
                    .collect(),
                predicate: (rng.below(3) == 0).then(|| rng.text_r(1, 50)),
                deferral: deferral(rng),
            });
        }
        if rng.below(2) == 0 {
            t.row_security = Some(RowSecurity {
                force: rng.below(2) == 0,
            });
            for _ in 0..1 + rng.below(2) {
                t.policies.push(Policy {
                    name: rng.name_r(3, 60),
                    permissive: rng.below(2) == 0,
                    command: PolicyCommand::All,
                    roles: (0..rng.below(4)).map(|_| rng.name_r(3, 40)).collect(),
                    using: (rng.below(4) != 0).then(|| rng.text_r(1, 110)),
                    with_check: (rng.below(2) == 0).then(|| rng.text_r(1, 110)),
                });
            }
        }
        for _ in 0..rng.below(3) {
            t.triggers.push(Trigger {
                name: rng.name_r(3, 60),
                timing: TriggerTiming::After,
                events: [
                    TriggerEvent::Insert,
                    TriggerEvent::Update,
                    TriggerEvent::Delete,
                    TriggerEvent::Truncate,
                ][..1 + rng.below(4)]
                    .to_vec(),
                for_each_row: true,
                function: QualifiedName::new(&schema, rng.name_r(3, 60)),
                when: (rng.below(3) == 0).then(|| rng.text_r(1, 90)),
                args: Vec::new(),
                update_of: Vec::new(),
                constraint: None,
                old_table: None,
                new_table: None,
            });
        }
        t.comment = (rng.below(2) == 0).then(|| rng.text_r(1, 150));
        tables.push(t);
    }
    let functions = (0..3)
        .map(|i| Function {
            schema: schema.clone(),
            name: format!("{}{i}", rng.name_r(2, 58)),
            kind: Default::default(),
            args: (0..rng.below(4))
                .map(|_| {
                    FunctionArg::new(
                        rng.name_r(1, 30),
                        ["uuid", "text", "integer", "timestamp with time zone"][rng.below(4)],
                    )
                })
                .collect(),
            returns: [
                "uuid",
                "trigger",
                "SETOF text",
                "TABLE(id uuid, amount numeric)",
            ][rng.below(4)]
            .into(),
            language: [FunctionLanguage::Sql, FunctionLanguage::Plpgsql][rng.below(2)],
            volatility: Volatility::Stable,
            security_definer: rng.below(3) == 0,
            strict: rng.below(2) == 0,
            search_path: (0..rng.below(4)).map(|_| rng.name_r(2, 20)).collect(),
            settings: Default::default(),
            parallel: Default::default(),
            leakproof: false,
            cost: None,
            rows: None,
            body: rng.text_r(1, 120),
            comment: (rng.below(2) == 0).then(|| rng.text_r(1, 120)),
            depends_on: (0..rng.below(5))
                .map(|_| QualifiedName::new(&schema, rng.name_r(3, 40)))
                .collect(),
            origin: Origin::default(),
        })
        .collect();
    let views = (0..2)
        .map(|i| View {
            schema: schema.clone(),
            name: format!("{}{i}", rng.name_r(2, 58)),
            query: rng.text_r(1, 120),
            security_invoker: rng.below(2) == 0,
            comment: (rng.below(2) == 0).then(|| rng.text_r(1, 120)),
            depends_on: (0..rng.below(5))
                .map(|_| QualifiedName::new(&schema, rng.name_r(3, 40)))
                .collect(),
            materialized: None,
            origin: Origin::default(),
        })
        .collect();
    Model {
        extensions: vec![rng.name_r(3, 20)],
        schemas: vec![Schema {
            name: schema.clone(),
            comment: (rng.below(2) == 0).then(|| rng.text_r(1, 100)),
            naming_rules: true,
            origin: Origin::default(),
        }],
        enums: vec![EnumType {
            schema: schema.clone(),
            name: rng.name_r(3, 58),
            values: (0..1 + rng.below(5)).map(|_| rng.text_r(1, 60)).collect(),
            comment: (rng.below(2) == 0).then(|| rng.text_r(1, 100)),
            origin: Origin::default(),
            renamed_values: vec![],
        }],
        domains: domains(rng, &schema),
        composites: composites(rng, &schema),
        tables,
        functions,
        views,
        ..Model::default()
    }
}

fn rustfmt(source: &str) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt is installed (rustup component add rustfmt)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn generated_modules_are_rustfmt_clean_at_every_width() {
    let mut failures = Vec::new();
    for seed in 1..=200u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let m = model(&mut rng);
        let schema = m.schemas[0].name.clone();
        for source in [
            rust_module(&m, &schema).unwrap(),
            mod_rs(&m, std::slice::from_ref(&schema)).unwrap(),
        ] {
            let formatted = rustfmt(&source);
            if formatted != source {
                let (a, b): (Vec<&str>, Vec<&str>) =
                    (source.lines().collect(), formatted.lines().collect());
                let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(0);
                let from = first.saturating_sub(2);
                failures.push(format!(
                    "seed {seed}, line {}:\n{}\n--- rustfmt:\n{}",
                    first + 1,
                    a[from..(first + 6).min(a.len())].join("\n"),
                    b[from..(first + 6).min(b.len())].join("\n")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} generated file(s) change under rustfmt:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
