//! Shared attribute-reading helpers.

use syn::{Attribute, Expr, ExprLit, Lit, LitStr, meta::ParseNestedMeta};

/// Collects errors so that one expansion reports all of them (`syn::Error::combine`).
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn take(self) -> Option<syn::Error> {
        self.0
    }
}

/// `///` doc comments joined into one paragraph: they become `COMMENT ON`.
pub fn doc_comment(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let text = lines
        .split(|l| l.is_empty())
        .map(|para| para.join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (!text.is_empty()).then_some(text)
}

pub fn string(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse::<LitStr>()
}

/// `CamelCase` → `camel_case`; acronyms stay together (`OPConsultation` → `op_consultation`).
pub fn snake_case(ident: &str) -> String {
    let chars: Vec<char> = ident.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `snake_case` → `SnakeCase`, for sea-query `Iden` variants.
pub fn camel_case(ident: &str) -> String {
    ident
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(snake_case("Patient"), "patient");
        assert_eq!(snake_case("PatientContact"), "patient_contact");
        assert_eq!(snake_case("OPConsultation"), "op_consultation");
        assert_eq!(snake_case("APos"), "a_pos");
        assert_eq!(snake_case("Icd10Code"), "icd10_code");
        assert_eq!(camel_case("tenant_id"), "TenantId");
        assert_eq!(camel_case("icd10_code"), "Icd10Code");
    }

    #[test]
    fn doc_comments_become_one_paragraph_per_blank_line() {
        let attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[doc = " People registered"]),
            syn::parse_quote!(#[doc = " for care."]),
        ];
        assert_eq!(doc_comment(&attrs).unwrap(), "People registered for care.");
    }
}
