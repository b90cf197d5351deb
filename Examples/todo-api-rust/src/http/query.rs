//! Query strings, parsed and re-encoded the way links need them: `+` is a
//! space, pairs with a malformed escape or a `;` are dropped rather than
//! guessed at, and the first value of a repeated key is the one that counts.

/// The decoded pairs of a query string, in request order.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let pairs = raw
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.contains(';'))
            .filter_map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                Some((unescape(key)?, unescape(value)?))
            })
            .collect();
        Query { pairs }
    }

    pub fn has(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    /// The first value of `key`, if the key is present at all.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Encodes the pairs whose key is not in `skip`, sorted by key (values of
    /// one key keep their order), so equal queries give equal links.
    pub fn encode_without(&self, skip: &[&str]) -> String {
        let mut kept: Vec<&(String, String)> = self
            .pairs
            .iter()
            .filter(|(k, _)| !skip.contains(&k.as_str()))
            .collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        kept.iter()
            .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_a_form() {
        let q = Query::parse("q=100%25+done&priority=high&priority=low&bad=%zz&x;y=1&flag");
        assert_eq!(q.get("q"), Some("100% done"));
        assert_eq!(q.get("priority"), Some("high"));
        assert!(!q.has("bad") && !q.has("x;y"));
        assert_eq!(q.get("flag"), Some(""));
    }

    #[test]
    fn encodes_sorted_without_paging() {
        let q = Query::parse("sort=title&page=2&limit=5&q=a+b%26c&order=asc");
        assert_eq!(
            q.encode_without(&["page", "limit"]),
            "order=asc&q=a+b%26c&sort=title"
        );
    }
}
