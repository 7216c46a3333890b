//! Compile-fail tests: misuse of the derives is reported at the offending span.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
