use hims_dsl::Table;

pub struct Money(i64);

#[derive(Table)]
#[table(schema = "core", name = "things")]
pub struct Thing {
    #[column(primary_key)]
    pub id: i64,
    pub price: Money,
}

fn main() {}
