//! A deliberately broken model: every problem is reported at once, each naming the
//! database path and the Rust item and field.

use hims_dsl::{ModelBuilder, PgEnum, Table};
use uuid::Uuid;

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum Colour {
    Red,
    Green,
}

#[derive(Table)]
#[table(schema = "core", name = "owners")]
pub struct Owner {
    #[column(primary_key)]
    pub id: Uuid,
}

#[derive(Table)]
#[table(schema = "core", name = "pets")]
#[index(columns(owner_id))]
pub struct Pet {
    #[column(primary_key)]
    pub id: Uuid,
    /// Wrong type: owners.id is uuid.
    #[column(references = Owner)]
    pub owner_id: i64,
    #[column(default = "blue")]
    pub colour: Colour,
    #[column(name = "a_column_name_that_is_far_longer_than_sixty_three_bytes_allows_x")]
    pub long: bool,
}

#[derive(Table)]
#[table(schema = "nowhere", name = "strays")]
pub struct Stray {
    #[column(primary_key)]
    pub id: Uuid,
}

#[test]
fn every_problem_is_listed_at_once_with_path_and_rust_item() {
    let mut b = ModelBuilder::new();
    b.schema("core", "")
        .enum_type::<Colour>()
        .table::<Owner>()
        .table::<Pet>()
        .table::<Stray>();
    // A foreign key to a table that was never registered, added by hand.
    b.rule(|m| {
        let pets = m.tables.iter_mut().find(|t| t.name == "pets").unwrap();
        pets.foreign_keys.push(hims_model::ForeignKey {
            name: "pets_vet_fkey".into(),
            columns: vec!["id".into()],
            ref_table: hims_model::QualifiedName::new("core", "vets"),
            ref_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
            deferral: Default::default(),
        });
        pets.indexes.push(hims_model::Index {
            name: "pets_missing_idx".into(),
            keys: vec![hims_model::IndexKey::column("weight")],
            unique: false,
            method: Default::default(),
            predicate: None,
            include: vec![],
            nulls_not_distinct: false,
        });
    });
    let problems = b.build().expect_err("the model is broken").0;
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let expect = [
        "core.pets.owner_id (Pet.owner_id): foreign key column type bigint differs from the referenced core.owners.id type uuid",
        "core.pets.colour (Pet.colour): default `blue` is not a value of enum core.colour (values: red, green)",
        "core.pets.a_column_name_that_is_far_longer_than_sixty_three_bytes_allows_x (Pet.long): column name",
        "core.pets.pets_vet_fkey (Pet): foreign key references missing table `core.vets`",
        "core.pets.pets_missing_idx (Pet): index names column `weight`, which core.pets does not have",
        "nowhere.strays (Stray): table in undeclared schema `nowhere`",
    ];
    for e in expect {
        assert!(
            text.iter().any(|t| t.starts_with(e)),
            "missing problem:\n  {e}\nin:\n  {}",
            text.join("\n  ")
        );
    }
    let report = hims_model::Problems(problems).to_string();
    assert!(report.contains("nothing was written"), "{report}");
}

#[derive(Table)]
#[table(schema = "core", name = "measures")]
pub struct Measure {
    #[column(primary_key)]
    pub id: Uuid,
    pub grams: Option<i32>,
    #[column(generated_virtual = "grams * 1000")]
    pub milligrams: Option<i32>,
    #[column(generated = "grams / 1000")]
    pub kilograms: Option<i32>,
}

#[derive(Table)]
#[table(schema = "core", name = "indexed_measures")]
#[index(columns(milligrams))]
pub struct IndexedMeasure {
    #[column(primary_key)]
    pub id: Uuid,
    pub grams: Option<i32>,
    #[column(generated_virtual = "grams * 1000", unique)]
    pub milligrams: Option<i32>,
}

#[test]
fn virtual_generated_columns_are_declared_and_cannot_be_indexed_or_constrained() {
    let mut b = ModelBuilder::new();
    b.schema("core", "").table::<Measure>();
    let m = b.build().unwrap_or_else(|p| panic!("{p}"));
    let t = m
        .table(&hims_model::QualifiedName::new("core", "measures"))
        .unwrap();
    let col = |n: &str| t.column(n).unwrap();
    assert_eq!(
        (
            col("milligrams").generated.as_deref(),
            col("milligrams").virtual_generated
        ),
        (Some("grams * 1000"), true)
    );
    assert_eq!(
        (
            col("kilograms").generated.as_deref(),
            col("kilograms").virtual_generated
        ),
        (Some("grams / 1000"), false)
    );
    // Rendered VIRTUAL and STORED; the snapshot carries the flag only where it is set.
    let sql = hims_render::baseline(
        &m,
        &hims_render::BaselineHeader {
            file_name: "V001__t.sql".into(),
            regenerate: "t".into(),
        },
    );
    assert!(
        sql.contains("GENERATED ALWAYS AS (grams * 1000) VIRTUAL")
            && sql.contains("GENERATED ALWAYS AS (grams / 1000) STORED"),
        "{sql}"
    );
    let json = serde_json::to_value(t).unwrap();
    let flags: Vec<bool> = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.get("virtual_generated").is_some())
        .collect();
    assert_eq!(flags.iter().filter(|f| **f).count(), 1, "{json}");

    let mut b = ModelBuilder::new();
    b.schema("core", "").table::<IndexedMeasure>();
    let problems = b.build().unwrap_err().to_string();
    for expected in [
        "index names virtual generated column `milligrams`",
        "unique constraint names virtual generated column `milligrams`",
    ] {
        assert!(problems.contains(expected), "{expected:?} in:\n{problems}");
    }
}

#[derive(PgEnum)]
#[pg_enum(schema = "Legacy App", name = "Status")]
pub enum LegacyStatus {
    #[pg_enum(rename = "On Hold")]
    OnHold,
}

#[derive(Table)]
#[table(schema = "Legacy App", name = "User")]
pub struct LegacyUser {
    #[column(name = "ID", primary_key)]
    pub id: i32,
    #[column(name = "createdAt")]
    pub created_at: Option<String>,
    #[column(name = "display name")]
    pub display_name: Option<String>,
    #[column(name = "Status")]
    pub status: LegacyStatus,
}

#[derive(Table)]
#[table(schema = "Legacy App", name = "Order Items")]
#[index(name = "Order Items by user", columns(col("user id", desc)))]
pub struct LegacyOrderItem {
    #[column(name = "orderId", primary_key)]
    pub order_id: i32,
    #[column(name = "user id", references = LegacyUser, ref_column = "ID")]
    pub user_id: i32,
    #[column(name = "ownerId", references = LegacyUser, ref_column = "ID")]
    pub owner_id: Option<i32>,
}

fn legacy(imported: bool) -> Result<hims_model::Model, hims_model::Problems> {
    let mut b = ModelBuilder::new();
    if imported {
        b.imported_schema("Legacy App", "");
    } else {
        b.schema("Legacy App", "");
    }
    b.enum_type::<LegacyStatus>()
        .table::<LegacyUser>()
        .table::<LegacyOrderItem>();
    b.build()
}

/// The naming rules are for definitions written for this project: the same definitions
/// under `schema` are refused name by name, under `imported_schema` they build as written,
/// and only `schema` indexes the foreign keys no index serves.
#[test]
fn imported_schemas_keep_their_names_and_add_no_foreign_key_indexes() {
    let problems = legacy(false).unwrap_err().to_string();
    for needle in [
        "schema name `Legacy App` must be lower-case snake_case",
        "enum type name `Status` must be lower-case snake_case",
        "Legacy App.User (LegacyUser): table name `User`",
        "Legacy App.User.createdAt (LegacyUser.created_at): column name `createdAt`",
        "column name `display name` must be lower-case snake_case",
        "index name `Order Items by user` must be",
    ] {
        assert!(problems.contains(needle), "`{needle}` not in:\n{problems}");
    }
    let model = legacy(true).expect("an imported schema keeps the database's names");
    assert!(!model.schemas[0].naming_rules);
    let items = model
        .tables
        .iter()
        .find(|t| t.name == "Order Items")
        .unwrap();
    let names: Vec<&str> = items.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Order Items by user"], "no foreign-key index added");
    assert_eq!(
        items.indexes[0].keys,
        [hims_model::IndexKey::Column {
            name: "user id".into(),
            descending: true,
            opclass: None,
            collation: None
        }]
    );
    // Turned back on for the imported schema: `ownerId` (unserved) gets its index;
    // `user id` is served by the index that starts with it.
    let mut b = ModelBuilder::new();
    b.imported_schema("Legacy App", "")
        .foreign_key_indexes("Legacy App", true)
        .enum_type::<LegacyStatus>()
        .table::<LegacyUser>()
        .table::<LegacyOrderItem>();
    let model = b.build().unwrap();
    let items = model
        .tables
        .iter()
        .find(|t| t.name == "Order Items")
        .unwrap();
    let names: Vec<&str> = items.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Order Items by user", "Order Items_ownerId_idx"]);
    // Still refused when imported: a name PostgreSQL would truncate.
    let long = hims_model::Model {
        schemas: vec![hims_model::Schema {
            name: "Legacy App".into(),
            comment: None,
            naming_rules: false,
            origin: Default::default(),
        }],
        tables: vec![{
            let mut t = hims_model::Table::new("Legacy App", "T".repeat(64));
            t.columns.push(hims_model::Column::new(
                "",
                hims_model::ColumnType::Integer,
                true,
            ));
            t
        }],
        ..Default::default()
    };
    let problems = long.validate().unwrap_err().to_string();
    assert!(problems.contains("is 64 bytes"), "{problems}");
    assert!(problems.contains("column name is empty"), "{problems}");
}

/// A column of a domain (declared or not, see `broken_domains_are_each_reported`).
#[derive(Table)]
#[table(schema = "core", name = "bills")]
pub struct Bill {
    #[column(primary_key)]
    pub id: Uuid,
    #[column(sql_type = "core.money_amount")]
    pub total: i64,
}

/// Domains (issue #10): every problem of a broken set of domains at once — unknown base
/// type, a cycle through domains, a duplicate name (with a domain and with an enum type),
/// a check declared twice, a badly named check, an undeclared schema — and a column of an
/// undeclared domain.
#[test]
fn broken_domains_are_each_reported() {
    use hims_dsl::objects::{domain, domain_check};
    use hims_model::Domain;
    let mut b = ModelBuilder::new();
    b.schema("core", "").enum_type::<Colour>();
    b.domain(domain("core.amount", "core.no_such_type"));
    b.domain(domain("core.a", "core.b"));
    b.domain(domain("core.b", "core.a"));
    b.domain(domain("core.twice", "text"));
    b.domain(domain("core.twice", "integer"));
    b.domain(domain("core.colour", "text"));
    b.domain(Domain {
        checks: vec![
            domain_check("positive", "VALUE > 0"),
            domain_check("positive", "VALUE < 10"),
            domain_check("Bad Name", "true"),
        ],
        ..domain("core.checked", "integer")
    });
    b.domain(domain("elsewhere.code", "text"));
    b.domain(domain("core.fine", "core.colour"));
    let text = b.build().unwrap_err().to_string();
    for needle in [
        "core.amount (core.amount): base type `core.no_such_type` is not a declared enum, domain or extension type",
        "core.a (core.a): the domain is its own base type (through other domains)",
        "core.b (core.b): the domain is its own base type (through other domains)",
        "core.twice (core.twice): domain declared more than once",
        "core.colour (core.colour): an enum type of the same name is declared",
        "core.checked.positive (core.checked): check declared more than once on the domain",
        "core.checked.Bad Name (core.checked): constraint name `Bad Name` must be lower-case snake_case",
        "elsewhere.code (elsewhere.code): domain in undeclared schema `elsewhere`",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    assert!(!text.contains("core.fine"), "{text}");

    // A column typed by a domain the model does not declare.
    let mut b = ModelBuilder::new();
    b.schema("core", "").table::<Bill>();
    let text = b.build().unwrap_err().to_string();
    assert!(
        text.contains(
            "type `core.money_amount` is not a declared enum, domain, composite or extension type"
        ),
        "{text}"
    );
    b.domain(domain("core.money_amount", "bigint"));
    assert!(b.build().is_ok());
}

/// A column of a composite type, and an array of one.
#[derive(Table)]
#[table(schema = "core", name = "shipments")]
pub struct Shipment {
    #[column(primary_key)]
    pub id: Uuid,
    #[column(sql_type = "core.address")]
    pub destination: String,
    #[column(sql_type = "core.address[]")]
    pub stops: Vec<String>,
}

/// Composite types (issue #10): every problem of a broken set at once — an attribute of an
/// unknown type, a cycle through two types (one by an array), a type containing itself, an
/// attribute declared twice, a badly named attribute, a name an enum type or a domain
/// already has, an undeclared schema — and a column of an undeclared composite type.
#[test]
fn broken_composite_types_are_each_reported() {
    use hims_dsl::objects::{attribute, composite, domain};
    use hims_model::CompositeType;
    let of = |dotted: &str, attributes: &[(&str, &str)]| CompositeType {
        attributes: attributes
            .iter()
            .map(|(name, ty)| attribute(name, ty))
            .collect(),
        ..composite(dotted)
    };
    let mut b = ModelBuilder::new();
    b.schema("core", "").enum_type::<Colour>();
    b.domain(domain("core.amount", "numeric(12,2)"));
    b.composite(of("core.unknown", &[("x", "core.no_such_type")]));
    b.composite(of("core.a", &[("b", "core.b")]));
    b.composite(of("core.b", &[("a", "core.a[]")]));
    b.composite(of("core.selfish", &[("me", "core.selfish")]));
    b.composite(of("core.twice", &[("v", "integer"), ("v", "text")]));
    b.composite(of("core.badly", &[("Bad Name", "text")]));
    b.composite(of("core.colour", &[("x", "text")]));
    b.composite(of("core.amount", &[("x", "text")]));
    b.composite(of("elsewhere.pair", &[("x", "text")]));
    b.composite(of("core.inner", &[("t", "text")]));
    b.composite(of(
        "core.fine",
        &[
            ("c", "core.colour"),
            ("m", "core.amount"),
            ("i", "core.inner[]"),
            ("at", "timestamp(3) with time zone"),
        ],
    ));
    let text = b.build().unwrap_err().to_string();
    for needle in [
        "core.unknown.x (core.unknown): type `core.no_such_type` is not a declared enum, domain, composite or extension type",
        "core.a (core.a): the composite type contains itself (through its attributes' types)",
        "core.b (core.b): the composite type contains itself (through its attributes' types)",
        "core.selfish (core.selfish): the composite type contains itself",
        "core.twice.v (core.twice): attribute declared more than once on the composite type",
        "core.badly.Bad Name (core.badly): attribute name `Bad Name` must be lower-case snake_case",
        "core.colour (core.colour): an enum type or domain of the same name is declared",
        "core.amount (core.amount): an enum type or domain of the same name is declared",
        "elsewhere.pair (elsewhere.pair): composite type in undeclared schema `elsewhere`",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    assert!(!text.contains("core.fine"), "{text}");
    assert!(!text.contains("core.inner"), "{text}");

    // A column typed by a composite type the model does not declare, then declared.
    let mut b = ModelBuilder::new();
    b.schema("core", "").table::<Shipment>();
    let text = b.build().unwrap_err().to_string();
    assert!(
        text.contains(
            "type `core.address` is not a declared enum, domain, composite or extension type"
        ) && text.contains("core.shipments.stops"),
        "{text}"
    );
    b.composite(of("core.address", &[("street", "text"), ("city", "text")]));
    assert!(b.build().is_ok());
}

/// `deferrable` / `initially_deferred` on `#[unique]`, `#[foreign_key]` and `#[exclude]`.
#[derive(Table)]
#[table(schema = "core", name = "shifts")]
#[unique(columns(slot), name = "shifts_slot_key", deferrable)]
#[foreign_key(columns(owner_id), references = Owner, name = "shifts_owner_fkey", initially_deferred)]
#[exclude(
    name = "shifts_no_overlap",
    using = "gist",
    elements("during WITH &&"),
    deferrable,
    initially_deferred
)]
pub struct Shift {
    #[column(primary_key)]
    pub id: Uuid,
    pub slot: i32,
    pub owner_id: Uuid,
    #[column(sql_type = "tsrange")]
    pub during: String,
}

#[test]
fn deferrable_constraints_are_declared_on_their_attributes() {
    use hims_model::Deferral;
    let mut b = ModelBuilder::new();
    b.schema("core", "").table::<Owner>().table::<Shift>();
    let m = b.build().unwrap();
    let t = m
        .table(&hims_model::QualifiedName::new("core", "shifts"))
        .unwrap();
    assert_eq!(t.uniques[0].deferral, Deferral::InitiallyImmediate);
    assert_eq!(
        t.foreign_keys
            .iter()
            .find(|f| f.name == "shifts_owner_fkey")
            .unwrap()
            .deferral,
        Deferral::InitiallyDeferred
    );
    assert_eq!(t.exclusions[0].deferral, Deferral::InitiallyDeferred);
    assert_eq!(
        t.primary_key.as_ref().unwrap().deferral,
        Deferral::NotDeferrable
    );
}

/// Column collations (issue #10): the collatable types take one (text, an array of text, a
/// domain over text); a number, an enum, a domain over a number, an empty or over-long name
/// are each reported, naming the Rust field.
#[derive(Table)]
#[table(schema = "core", name = "labels")]
#[index(
    name = "labels_code_posix",
    columns(code(collate = "POSIX", desc), count(collate = "POSIX"))
)]
pub struct Label {
    #[column(primary_key)]
    pub id: Uuid,
    #[column(collate = "C")]
    pub code: String,
    #[column(sql_type = "text[]", collate = "POSIX")]
    pub tags: Vec<String>,
    #[column(sql_type = "core.label_code", collate = "C")]
    pub short: String,
    #[column(collate = "C")]
    pub count: i32,
    #[column(collate = "C")]
    pub colour: Colour,
    #[column(sql_type = "core.quantity", collate = "C")]
    pub quantity: i32,
    #[column(collate = "a_collation_name_that_is_far_longer_than_sixty_three_bytes_allows")]
    pub long: String,
    #[column(sql_type = "core.pair", collate = "C")]
    pub pair: String,
}

#[test]
fn collations_only_on_collatable_types_and_well_formed() {
    use hims_dsl::objects::domain;
    use hims_model::Domain;
    let mut b = ModelBuilder::new();
    b.schema("core", "").enum_type::<Colour>().table::<Label>();
    b.domain(domain("core.label_code", "text"));
    b.domain(domain("core.quantity", "integer"));
    b.domain(Domain {
        collation: Some("C".into()),
        ..domain("core.amount", "numeric")
    });
    b.domain(Domain {
        collation: Some(String::new()),
        ..domain("core.blank", "text")
    });
    let mut pair = hims_dsl::objects::composite("core.pair");
    for (name, ty, collation) in [("label", "text", "POSIX"), ("n", "integer", "C")] {
        pair.attributes.push(hims_model::CompositeAttribute {
            name: name.into(),
            ty: hims_model::ColumnType::parse(ty).unwrap(),
            collation: Some(collation.into()),
        });
    }
    b.composite(pair);
    let text = b.build().unwrap_err().to_string();
    for needle in [
        "core.labels.count (Label.count): COLLATE \"C\" on type integer, which has no collation",
        "core.labels.colour (Label.colour): COLLATE \"C\" on type core.colour, which has no collation",
        "core.labels.quantity (Label.quantity): COLLATE \"C\" on type core.quantity, which has no collation",
        "core.labels.long (Label.long): collation name `a_collation_name_that_is_far_longer_than_sixty_three_bytes_allows` is not a PostgreSQL name",
        "core.amount (core.amount): COLLATE \"C\" on type numeric, which has no collation",
        "core.blank (core.blank): collation name is empty",
        "core.labels.pair (Label.pair): COLLATE \"C\" on type core.pair, which has no collation",
        "core.pair.n (core.pair): COLLATE \"C\" on type integer, which has no collation",
        "core.labels.labels_code_posix.count (Label): COLLATE \"POSIX\" on type integer, which has no collation",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    for fine in [
        "labels.code ",
        "labels.tags ",
        "labels.short ",
        "labels.id ",
        "pair.label ",
        "labels_code_posix.code ",
    ] {
        assert!(!text.contains(fine), "`{fine}` reported:\n{text}");
    }
    assert!(text.contains("have 9 problem(s)"), "{text}");
}

#[derive(Table)]
#[table(schema = "core", name = "visits", partition_by_hash(id))]
pub struct Visit {
    #[column(primary_key)]
    pub id: i64,
    pub kind: String,
}

#[derive(Table)]
#[table(schema = "core", name = "stays", partition_by_range(id))]
pub struct Stay {
    #[column(primary_key)]
    pub id: i64,
}

#[test]
fn broken_partitions_are_each_reported() {
    use hims_dsl::model::PartitionMethod;
    use hims_dsl::objects::{partition, sub_partitioned};
    let mut b = ModelBuilder::new();
    b.schema("core", "").table::<Visit>().table::<Stay>();
    b.partitions(
        "core.visits",
        [
            partition("visits_0", "FOR VALUES WITH (modulus 2, remainder 0)"),
            partition("visits_1", "FOR VALUES IN (1)"),
            partition("visits_default", "DEFAULT"),
            partition("stays", "FOR VALUES WITH (modulus 2, remainder 1)"),
        ],
    );
    b.partitions(
        "core.stays",
        [
            partition("stays_a", ""),
            partition("stays_b", "DEFAULT"),
            partition("stays_c", "DEFAULT"),
            sub_partitioned(
                partition("stays_d", "FOR VALUES FROM (0) TO (10)"),
                PartitionMethod::List,
                &["nope"],
                [partition("visits_0", "FOR VALUES IN (1)")],
            ),
        ],
    );
    b.partitions("core.nowhere", []);
    let text = b.build().unwrap_err().to_string();
    for (path, message) in [
        (
            "core.visits.visits_1",
            "bound `FOR VALUES IN (1)` does not fit the parent's partitioning (hash: FOR VALUES WITH (MODULUS m, REMAINDER r))",
        ),
        (
            "core.visits.visits_default",
            "bound `DEFAULT` does not fit the parent's partitioning (hash",
        ),
        (
            "core.stays.stays_a",
            "partition has no bound (FOR VALUES … or DEFAULT)",
        ),
        ("core.stays", "2 DEFAULT partitions; PostgreSQL allows one"),
        (
            "core.stays.stays_d",
            "sub-partition key names column `nope`, which core.stays does not have",
        ),
        (
            "core.visits_0",
            "name used by more than one relation in schema `core`: partition of stays_d, partition of visits",
        ),
        (
            "core.stays",
            "name used by more than one relation in schema `core`: table core.stays, partition of visits",
        ),
        (
            "core.nowhere",
            "partitions declared for a table the builder does not have",
        ),
    ] {
        assert!(
            text.lines()
                .any(|l| l.contains(&format!("{path} ")) || l.contains(&format!("{path}:")))
                && text
                    .lines()
                    .any(|l| l.contains(path) && l.contains(message)),
            "`{path}`: `{message}` not in:\n{text}"
        );
    }
    assert!(
        !text.contains("visits.visits_0"),
        "a valid hash bound is accepted:\n{text}"
    );
}

/// Procedures (issue #10): what `CREATE PROCEDURE` cannot say is refused by name — a
/// result, a volatility, STRICT — and a function needs a result.
#[test]
fn procedures_have_no_result_volatility_or_strict() {
    use hims_dsl::model::{FunctionLanguage, Volatility};
    use hims_dsl::objects::{FunctionExt, function, procedure};
    let mut b = ModelBuilder::new();
    b.schema("core", "");
    b.function(hims_dsl::model::Function {
        returns: "integer".into(),
        ..procedure("core.with_result", FunctionLanguage::Sql, "SELECT 1")
    });
    b.function(
        procedure("core.stable", FunctionLanguage::Plpgsql, "BEGIN END")
            .volatility(Volatility::Stable)
            .strict(),
    );
    b.function(function(
        "core.no_result",
        "",
        FunctionLanguage::Sql,
        "SELECT 1",
    ));
    b.function(
        procedure("core.fine", FunctionLanguage::Plpgsql, "BEGIN COMMIT; END").arg("n", "integer"),
    );
    let text = b.build().unwrap_err().to_string();
    for needle in [
        "core.with_result() (core.with_result): a procedure has no result (returns is `integer`)",
        "core.stable() (core.stable): a procedure has no volatility (volatility is STABLE; leave it Volatile)",
        "core.stable() (core.stable): a procedure cannot be STRICT",
        "core.no_result() (core.no_result): a function needs a result type",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    assert!(!text.contains("core.fine"), "{text}");
}

/// Overloads (issue #10): one name with different input argument types is fine; the same
/// input types twice (OUT arguments do not count) are refused, by signature.
#[test]
fn overloads_must_differ_by_their_input_argument_types() {
    use hims_dsl::model::{ArgMode, FunctionArg, FunctionLanguage};
    use hims_dsl::objects::{FunctionExt, function};
    let mut b = ModelBuilder::new();
    b.schema("core", "");
    b.function(
        function("core.f", "integer", FunctionLanguage::Sql, "SELECT 1").arg("a", "integer"),
    );
    b.function(function("core.f", "text", FunctionLanguage::Sql, "SELECT 'x'").arg("a", "text"));
    b.function(function(
        "core.f",
        "integer",
        FunctionLanguage::Sql,
        "SELECT 1",
    ));
    assert!(
        b.build().is_ok(),
        "{:?}",
        b.build().err().map(|e| e.to_string())
    );
    b.function(hims_dsl::model::Function {
        args: vec![
            FunctionArg::new("b", "text"),
            FunctionArg {
                mode: ArgMode::Out,
                ..FunctionArg::new("c", "integer")
            },
        ],
        ..function("core.f", "integer", FunctionLanguage::Sql, "SELECT 2")
    });
    let text = b.build().unwrap_err().to_string();
    assert!(
        text.contains(
            "core.f(text): function declared more than once with the same input argument types"
        ),
        "{text}"
    );
    assert!(!text.contains("core.f(integer)"), "{text}");
}

/// Aggregates (issue #10): each problem of a broken set named by the aggregate's signature.
#[test]
fn broken_aggregates_are_each_reported() {
    use hims_dsl::model::{Aggregate, FunctionLanguage};
    use hims_dsl::objects::{FunctionExt, aggregate, function, qn};
    let mut b = ModelBuilder::new();
    b.schema("core", "");
    b.function(
        function(
            "core.step",
            "integer",
            FunctionLanguage::Sql,
            "SELECT $1 + $2",
        )
        .arg("", "integer")
        .arg("", "integer"),
    );
    b.aggregate(aggregate("core.fine", &["integer"], "core.step", "integer"));
    b.aggregate(aggregate(
        "core.builtin",
        &["integer"],
        "pg_catalog.int4pl",
        "integer",
    ));
    b.aggregate(aggregate(
        "core.no_step",
        &["integer"],
        "core.missing",
        "integer",
    ));
    b.aggregate(Aggregate {
        finalfunc: Some(qn("core.nowhere")),
        serialfunc: Some(qn("core.step")),
        ..aggregate("core.half", &["integer"], "core.step", "")
    });
    b.aggregate(aggregate("core.fine", &["integer"], "core.step", "integer"));
    b.aggregate(aggregate(
        "core.step",
        &["integer", "integer"],
        "core.step",
        "integer",
    ));
    b.aggregate(aggregate(
        "elsewhere.count",
        &[],
        "pg_catalog.int8inc",
        "bigint",
    ));
    let text = b.build().unwrap_err().to_string();
    for needle in [
        "core.no_step(integer) (core.no_step): sfunc `core.missing` is neither a declared function nor built in (pg_catalog)",
        "core.half(integer) (core.half): an aggregate needs a state type (stype)",
        "core.half(integer) (core.half): finalfunc `core.nowhere` is neither a declared function nor built in (pg_catalog)",
        "core.half(integer) (core.half): serialfunc and deserialfunc go together",
        "core.fine(integer): aggregate declared more than once with the same argument types",
        "core.step(integer, integer) (core.step): a function of the same name and input argument types is declared",
        "elsewhere.count() (elsewhere.count): aggregate in undeclared schema `elsewhere`",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    assert!(!text.contains("core.builtin"), "{text}");
}

/// PARALLEL, LEAKPROOF, COST, ROWS and settings (issue #10): what PostgreSQL would refuse is
/// named.
#[test]
fn function_properties_are_checked() {
    use hims_dsl::model::{FunctionLanguage, Parallel};
    use hims_dsl::objects::{function, procedure};
    let mut b = ModelBuilder::new();
    b.schema("core", "");
    b.function(hims_dsl::model::Function {
        parallel: Parallel::Safe,
        ..procedure("core.p", FunctionLanguage::Sql, "SELECT 1")
    });
    b.function(hims_dsl::model::Function {
        cost: Some("cheap".into()),
        rows: Some("10".into()),
        settings: [("search_path".to_string(), "x".to_string())].into(),
        ..function("core.f", "integer", FunctionLanguage::Sql, "SELECT 1")
    });
    b.function(hims_dsl::model::Function {
        cost: Some("0.5".into()),
        rows: Some("10".into()),
        leakproof: true,
        parallel: Parallel::Restricted,
        settings: [("work_mem".to_string(), "8MB".to_string())].into(),
        ..function(
            "core.fine",
            "SETOF integer",
            FunctionLanguage::Sql,
            "SELECT 1",
        )
    });
    let text = b.build().unwrap_err().to_string();
    for needle in [
        "core.p() (core.p): a procedure has no PARALLEL, LEAKPROOF, COST or ROWS",
        "core.f() (core.f): COST `cheap` is not a positive number",
        "core.f() (core.f): ROWS is only for a set-returning function",
        "core.f() (core.f): setting `search_path`: not a setting name",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    assert!(!text.contains("core.fine"), "{text}");
}
