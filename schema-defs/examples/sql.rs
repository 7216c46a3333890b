//! Print the baseline SQL of the current definitions (for trying changes by hand):
//! `cargo run -q -p hims-schema-defs --example sql > /tmp/v001.sql`.
fn main() {
    match hims_schema_defs::model() {
        Ok(m) => print!(
            "{}",
            hims_render::baseline(
                &m,
                &hims_render::BaselineHeader {
                    file_name: "preview.sql".into(),
                    regenerate: "cargo xtask baseline".into()
                }
            )
        ),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
}
