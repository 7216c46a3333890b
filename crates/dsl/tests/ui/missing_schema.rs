use hims_dsl::{PgEnum, Table};

#[derive(Table)]
pub struct Thing {
    pub id: i64,
}

#[derive(PgEnum)]
pub enum Mood {
    Happy(u8),
}

fn main() {}
