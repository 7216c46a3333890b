//! Schema `clinical` (hims-domain.md). Being written.

use hims_dsl::ModelBuilder;

pub fn register(b: &mut ModelBuilder) {
    b.schema("clinical", "");
}
