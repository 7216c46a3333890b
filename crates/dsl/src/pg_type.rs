//! Rust type → PostgreSQL column type. Nullability is not part of the mapping: the derive
//! reads it from `Option<…>` in the field type.

use hims_model::ColumnType;

/// The PostgreSQL type a Rust field type is stored as.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no PostgreSQL column type",
    label = "no PostgreSQL type for this Rust type",
    note = "write the type explicitly with `#[column(sql_type = \"…\")]`, derive `PgEnum` for an enum, or implement `hims_dsl::PgType`"
)]
pub trait PgType {
    fn column_type() -> ColumnType;
}

macro_rules! pg_type {
    ($($rust:ty => $pg:expr),* $(,)?) => {
        $(impl PgType for $rust {
            fn column_type() -> ColumnType {
                $pg
            }
        })*
    };
}

pg_type! {
    bool => ColumnType::Boolean,
    i16 => ColumnType::SmallInt,
    i32 => ColumnType::Integer,
    i64 => ColumnType::BigInt,
    f32 => ColumnType::Real,
    f64 => ColumnType::DoublePrecision,
    String => ColumnType::Text,
    uuid::Uuid => ColumnType::Uuid,
    rust_decimal::Decimal => ColumnType::Numeric(None),
    chrono::NaiveDate => ColumnType::Date,
    chrono::NaiveTime => ColumnType::Time,
    chrono::NaiveDateTime => ColumnType::Timestamp,
    chrono::DateTime<chrono::Utc> => ColumnType::Timestamptz,
    chrono::DateTime<chrono::FixedOffset> => ColumnType::Timestamptz,
    chrono::TimeDelta => ColumnType::Interval,
    serde_json::Value => ColumnType::Jsonb,
    Vec<u8> => ColumnType::Bytea,
    std::net::IpAddr => ColumnType::Inet,
}

/// `Vec<T>` is an array of `T` (but `Vec<u8>` is `bytea`, above).
macro_rules! pg_array {
    ($($rust:ty),* $(,)?) => {
        $(impl PgType for Vec<$rust> {
            fn column_type() -> ColumnType {
                ColumnType::Array(Box::new(<$rust as PgType>::column_type()))
            }
        })*
    };
}

pg_array!(
    bool,
    i16,
    i32,
    i64,
    f64,
    String,
    uuid::Uuid,
    rust_decimal::Decimal,
    chrono::NaiveDate,
    chrono::DateTime<chrono::Utc>
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_types_map_to_their_postgres_names() {
        assert_eq!(<uuid::Uuid as PgType>::column_type().to_string(), "uuid");
        assert_eq!(
            <chrono::DateTime<chrono::Utc> as PgType>::column_type().to_string(),
            "timestamp with time zone"
        );
        assert_eq!(<Vec<String> as PgType>::column_type().to_string(), "text[]");
        assert_eq!(<Vec<u8> as PgType>::column_type().to_string(), "bytea");
        assert_eq!(
            <serde_json::Value as PgType>::column_type().to_string(),
            "jsonb"
        );
    }
}
