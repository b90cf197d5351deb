//! Paging, sorting and sparse fieldsets shared by every collection endpoint.

use serde::Serialize;
use serde_json::{Map, Value};

use super::json::Validator;
use super::query::Query;

const DEFAULT_PAGE_SIZE: i64 = 20;
const MAX_PAGE_SIZE: i64 = 100;

/// What a collection lets clients sort by and select. Everything else in the
/// query is the resource's own filters.
pub struct ListSpec {
    pub sortable: &'static [&'static str],
    pub default_sort: &'static str,
    /// Sort fields whose default order is descending; the rest ascend.
    pub descending_by_default: &'static [&'static str],
    pub fields: &'static [&'static str],
}

/// The validated paging, sorting and projection parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParams {
    pub page: i64,
    pub limit: i64,
    pub sort: String,
    pub desc: bool,
    /// None means every field.
    pub fields: Option<Vec<String>>,
}

impl ListParams {
    /// Rows before the first row of the page. Any page is valid (past the end
    /// it is empty), so the product saturates instead of overflowing.
    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.limit)
    }

    /// Validates page, limit, sort, order and fields, reporting problems
    /// under the parameter's name.
    pub fn parse(query: &Query, spec: &ListSpec, v: &mut Validator) -> ListParams {
        let mut p = ListParams {
            page: 1,
            limit: DEFAULT_PAGE_SIZE,
            sort: spec.default_sort.to_string(),
            desc: false,
            fields: None,
        };
        if let Some(raw) = query.get("page") {
            match raw.parse::<i64>() {
                Err(_) => v.add("page", "must be a whole number"),
                Ok(n) if n < 1 => v.add("page", "must be at least 1"),
                Ok(n) => p.page = n,
            }
        }
        if let Some(raw) = query.get("limit") {
            match raw.parse::<i64>() {
                Err(_) => v.add("limit", "must be a whole number"),
                Ok(n) if n < 1 => v.add("limit", "must be at least 1"),
                // Clamping instead of rejecting keeps clients that ask for
                // "everything" working while bounding the work per request.
                Ok(n) => p.limit = n.min(MAX_PAGE_SIZE),
            }
        }
        if let Some(sort) = query.get("sort") {
            p.sort = sort.to_string();
            v.check(
                spec.sortable.contains(&sort),
                "sort",
                &format!("must be one of {}", spec.sortable.join(", ")),
            );
        }
        let mut desc = spec.descending_by_default.contains(&p.sort.as_str());
        if let Some(order) = query.get("order") {
            v.check(
                order == "asc" || order == "desc",
                "order",
                "must be asc or desc",
            );
            desc = order == "desc";
        }
        p.desc = desc;
        if let Some(raw) = query.get("fields") {
            let mut fields = vec!["id".to_string()];
            for name in raw.split(',').map(str::trim) {
                if !spec.fields.contains(&name) {
                    v.add(
                        "fields",
                        format!(
                            "unknown field {}; allowed: {}",
                            go_quote(name),
                            spec.fields.join(", ")
                        ),
                    );
                } else if !fields.iter().any(|f| f == name) {
                    fields.push(name.to_string());
                }
            }
            p.fields = Some(fields);
        }
        p
    }

    /// Keeps only the requested fields of an item.
    pub fn project(&self, item: Map<String, Value>) -> Map<String, Value> {
        match &self.fields {
            None => item,
            Some(fields) => fields
                .iter()
                .map(|name| (name.clone(), item.get(name).cloned().unwrap_or(Value::Null)))
                .collect(),
        }
    }
}

/// A double-quoted string with the escapes the other stacks print, so the
/// message names a field the same way everywhere.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Serialize)]
pub struct ListMeta {
    pub page: i64,
    pub limit: i64,
    pub total: i64,
    pub total_pages: i64,
}

/// Relative URLs; `prev` and `next` are null at the ends.
#[derive(Serialize)]
pub struct ListLinks {
    #[serde(rename = "self")]
    pub self_: String,
    pub first: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: String,
}

#[derive(Serialize)]
pub struct ListResponse {
    pub data: Vec<Map<String, Value>>,
    pub meta: ListMeta,
    pub links: ListLinks,
}

impl ListResponse {
    /// Links keep every parameter of the request but page and limit, which
    /// they set, so following a link keeps filters and sort.
    pub fn new(
        path: &str,
        query: &Query,
        params: &ListParams,
        total: i64,
        data: Vec<Map<String, Value>>,
    ) -> ListResponse {
        let total_pages = (total + params.limit - 1) / params.limit;
        let rest = query.encode_without(&["page", "limit"]);
        let link = |page: i64| {
            let mut s = format!("{path}?page={page}&limit={}", params.limit);
            if !rest.is_empty() {
                s.push('&');
                s.push_str(&rest);
            }
            s
        };
        let last_page = total_pages.max(1);
        let links = ListLinks {
            self_: link(params.page),
            first: link(1),
            // A page past the end points back to the last real page.
            prev: (params.page > 1).then(|| link((params.page - 1).min(last_page))),
            next: (params.page < total_pages).then(|| link(params.page + 1)),
            last: link(last_page),
        };
        ListResponse {
            data,
            meta: ListMeta {
                page: params.page,
                limit: params.limit,
                total,
                total_pages,
            },
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::ApiError;

    const SPEC: ListSpec = ListSpec {
        sortable: &["created_at", "title"],
        default_sort: "created_at",
        descending_by_default: &["created_at"],
        fields: &["id", "title", "created_at"],
    };

    fn parse(raw: &str) -> (ListParams, Vec<String>) {
        let mut v = Validator::default();
        let params = ListParams::parse(&Query::parse(raw), &SPEC, &mut v);
        let fields = match v.finish() {
            Ok(()) => vec![],
            Err(ApiError::Validation(details)) => details.into_iter().map(|d| d.field).collect(),
            Err(other) => panic!("{other:?}"),
        };
        (params, fields)
    }

    #[test]
    fn defaults_and_clamping() {
        let (p, problems) = parse("");
        assert_eq!(
            (p.page, p.limit, p.sort.as_str(), p.desc),
            (1, 20, "created_at", true)
        );
        assert!(problems.is_empty());
        assert_eq!(parse("limit=1000").0.limit, 100);
        assert!(!parse("sort=title").0.desc);
        assert_eq!(
            parse("page=9223372036854775807&limit=100").0.offset(),
            i64::MAX
        );
    }

    #[test]
    fn every_invalid_parameter_is_named() {
        assert_eq!(
            parse("page=0&limit=x&sort=owner&order=up&fields=title,secret").1,
            ["page", "limit", "sort", "order", "fields"]
        );
    }

    #[test]
    fn fields_always_include_id() {
        assert_eq!(
            parse("fields=title,title").0.fields.unwrap(),
            ["id", "title"]
        );
    }

    #[test]
    fn links_keep_filters_and_stop_at_the_ends() {
        let query = Query::parse("page=2&limit=2&sort=title");
        let params = ListParams {
            page: 2,
            limit: 2,
            sort: "title".into(),
            desc: false,
            fields: None,
        };
        let list = ListResponse::new("/items", &query, &params, 5, vec![]);
        assert_eq!(list.links.self_, "/items?page=2&limit=2&sort=title");
        assert_eq!(
            list.links.prev.as_deref(),
            Some("/items?page=1&limit=2&sort=title")
        );
        assert_eq!(
            list.links.next.as_deref(),
            Some("/items?page=3&limit=2&sort=title")
        );
        assert_eq!(list.meta.total_pages, 3);
        let empty = ListResponse::new(
            "/items",
            &Query::default(),
            &ListParams { page: 1, ..params },
            0,
            vec![],
        );
        assert!(empty.links.prev.is_none() && empty.links.next.is_none());
        assert_eq!(empty.links.last, "/items?page=1&limit=2");
    }
}
