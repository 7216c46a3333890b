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
