fn main() {
    match hims_schema_defs::model() {
        Ok(m) => print!("{}", m.to_canonical_json()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
}
