//! Functions as other teams write them (issue #10): OUT, INOUT and VARIADIC arguments,
//! argument defaults, unnamed arguments, `RETURNS TABLE` and `SETOF`. Each is read from a
//! real catalog, written by the baseline (applied twice), read back equal, returns what the
//! source returns, and a changed argument list is replaced and undone by a delta.

use hims_model::{ArgMode, Model};
use hims_testdb::TestDb;
use hims_tests::{assert_same_model, delta_statements, execute_statements};

const FIXTURE: &str = r#"
CREATE SCHEMA fx;
CREATE TABLE fx.items (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL);
INSERT INTO fx.items VALUES (1, 'gauze', 12.50), (2, 'saline', 40.00), (3, 'syringe', 7.25);
CREATE FUNCTION fx.split_price(p numeric, OUT rupees integer, OUT paise integer)
    LANGUAGE sql IMMUTABLE AS $$ SELECT trunc(p)::int, ((p - trunc(p)) * 100)::int $$;
CREATE FUNCTION fx.bump(INOUT n integer, step integer DEFAULT 1)
    LANGUAGE sql IMMUTABLE AS $$ SELECT n + step $$;
CREATE FUNCTION fx.total(VARIADIC amounts numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT sum(a) FROM unnest(amounts) a $$;
CREATE FUNCTION fx.label(integer, text DEFAULT 'item') RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT $2 || '#' || $1 $$;
CREATE FUNCTION fx.priced_above(min_price numeric DEFAULT 10)
    RETURNS TABLE (item_id integer, item_name text)
    LANGUAGE sql STABLE AS $$ SELECT id, name FROM fx.items WHERE price > min_price ORDER BY id $$;
CREATE FUNCTION fx.names() RETURNS SETOF text
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT name FROM fx.items ORDER BY id;
END
$$;
"#;

const CALLS: &str = "SELECT fx.split_price(12.34)::text, fx.bump(5)::text, fx.bump(5, 10)::text, \
     fx.total(1, 2.5, 3)::text, fx.label(7)::text, fx.label(7, 'bed')::text, \
     (SELECT string_agg(item_id || ':' || item_name, ',') FROM fx.priced_above()), \
     (SELECT string_agg(item_name, ',') FROM fx.priced_above(20)), \
     (SELECT string_agg(n, ',') FROM fx.names() n)";

fn read(db: &TestDb) -> Model {
    let mut m = hims_pg::introspect(&mut db.connect(), &["fx"])
        .unwrap_or_else(|e| panic!("introspection failed: {e}"));
    m.canonicalize();
    m
}

fn results(db: &TestDb) -> Vec<String> {
    let row = db.connect().query_one(CALLS, &[]).unwrap();
    (0..row.len()).map(|i| row.get::<_, String>(i)).collect()
}

fn function<'m>(m: &'m Model, name: &str) -> &'m hims_model::Function {
    m.functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("function {name} is read"))
}

#[test]
fn functions_round_trip_and_return_what_the_source_returns() {
    let source = TestDb::new();
    source.psql(FIXTURE).expect("fixture applies");
    let model = read(&source);
    model
        .validate()
        .unwrap_or_else(|e| panic!("the imported functions validate: {e}"));
    let modes = |name: &str| -> Vec<(String, ArgMode, Option<String>)> {
        function(&model, name)
            .args
            .iter()
            .map(|a| (a.name.clone(), a.mode, a.default.clone()))
            .collect()
    };
    assert_eq!(
        modes("split_price"),
        [
            ("p".into(), ArgMode::In, None),
            ("rupees".into(), ArgMode::Out, None),
            ("paise".into(), ArgMode::Out, None)
        ]
    );
    assert_eq!(function(&model, "split_price").returns, "record");
    assert_eq!(
        modes("bump"),
        [
            ("n".into(), ArgMode::InOut, None),
            ("step".into(), ArgMode::In, Some("1".into()))
        ]
    );
    assert_eq!(
        modes("total"),
        [("amounts".into(), ArgMode::Variadic, None)]
    );
    assert_eq!(
        modes("label"),
        [
            (String::new(), ArgMode::In, None),
            (String::new(), ArgMode::In, Some("'item'::text".into()))
        ]
    );
    assert_eq!(
        function(&model, "priced_above").returns,
        "TABLE(item_id integer, item_name text)"
    );
    assert_eq!(function(&model, "names").returns, "SETOF text");

    let expected = results(&source);
    assert_eq!(
        expected,
        [
            "(12,34)",
            "6",
            "15",
            "6.5",
            "item#7",
            "bed#7",
            "1:gauze,2:saline",
            "saline",
            "gauze,saline,syringe"
        ]
    );

    // As `import` does: the objects a body mentions order it after them.
    let mut ordered = model.clone();
    hims_codegen::infer_dependencies(&mut ordered);
    let script = hims_render::baseline(
        &ordered,
        &hims_render::BaselineHeader {
            file_name: "functions.sql".into(),
            regenerate: "test".into(),
        },
    );
    let copy = TestDb::new();
    copy.psql(&script).expect("the baseline applies");
    copy.psql(&script)
        .expect("the baseline applies a second time");
    assert_same_model(&model, &read(&copy), "functions after the baseline");
    copy.psql("INSERT INTO fx.items VALUES (1, 'gauze', 12.50), (2, 'saline', 40.00), (3, 'syringe', 7.25)")
        .unwrap();
    assert_eq!(results(&copy), expected, "same results from the copy");
}

#[test]
fn a_changed_argument_list_is_replaced_by_a_delta_and_restored_by_its_undo() {
    let db = TestDb::new();
    db.psql(FIXTURE).expect("fixture applies");
    let old = read(&db);
    let mut new = old.clone();
    for f in &mut new.functions {
        match f.name.as_str() {
            // A default changed, and an argument renamed: CREATE OR REPLACE refuses both.
            "bump" => f.args[1].default = Some("2".into()),
            "split_price" => f.args[1].name = "whole".into(),
            _ => {}
        }
    }
    new.validate().unwrap();
    let (forward, undo) = delta_statements(&old, &new);
    execute_statements(&db, &forward);
    assert_same_model(&new, &read(&db), "after the delta");
    let bumped: i32 = db
        .connect()
        .query_one("SELECT fx.bump(5)", &[])
        .unwrap()
        .get(0);
    assert_eq!(bumped, 7);
    execute_statements(&db, &undo);
    assert_same_model(&old, &read(&db), "after the undo");
}

#[test]
fn invalid_argument_lists_are_listed_together() {
    let db = TestDb::new();
    db.psql(FIXTURE).expect("fixture applies");
    let mut m = read(&db);
    for f in &mut m.functions {
        match f.name.as_str() {
            "bump" => {
                f.args[0].default = Some("0".into());
                f.args[1].default = None;
            }
            "total" => f
                .args
                .push(hims_model::FunctionArg::new("extra", "integer")),
            "split_price" => f.args[1].default = Some("1".into()),
            _ => {}
        }
    }
    let e = m.validate().unwrap_err().to_string();
    for words in [
        "fx.bump()",
        "`step` follows one with a DEFAULT",
        "fx.total()",
        "VARIADIC argument must be the last",
        "fx.split_price()",
        "OUT argument `rupees` cannot have a DEFAULT",
    ] {
        assert!(e.contains(words), "{words}: {e}");
    }
}
