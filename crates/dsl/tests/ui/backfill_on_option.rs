use hims_dsl::Table;

#[derive(Table)]
#[table(schema = "core", name = "things")]
pub struct Thing {
    #[column(primary_key)]
    pub id: i64,
    #[column(backfill = "'en'")]
    pub language: Option<String>,
}

fn main() {}
