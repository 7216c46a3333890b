use hims_dsl::Table;

pub struct NotATable;

#[derive(Table)]
#[table(schema = "core", name = "things")]
pub struct Thing {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = NotATable)]
    pub other_id: i64,
}

fn main() {}
