use hims_dsl::Table;

#[derive(Table)]
#[table(schema = "core", name = "things")]
pub struct Thing {
    #[column(primary_key, sql_type = "varchar(0)")]
    pub id: String,
    #[column(varchar = 10, char = 2)]
    pub code: String,
}

fn main() {}
