//! Property test of the delta engine (being written).
