use hims_dsl::Table;

#[derive(Table)]
#[table(schema = "core", name = "things")]
pub struct Thing {
    #[column(primary_key, colour = "red")]
    pub id: i64,
}

fn main() {}
