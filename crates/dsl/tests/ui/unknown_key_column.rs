use hims_dsl::Table;

#[derive(Table)]
#[table(schema = "core", name = "things")]
#[index(columns(id, colour))]
#[unique(columns(nme))]
pub struct Thing {
    #[column(primary_key)]
    pub id: i64,
    pub name: String,
}

fn main() {}
