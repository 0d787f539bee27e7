//! Reading the broker's base URL strictly: one parse, or a refusal that never shows the
//! text it refused.
//!
//! A password holding an unescaped `/`, `?` or `#` moves the end of the authority
//! (RFC 3986 §3.2: the authority ends at the first `/`, `?` or `#`), so
//! `http://ci:pa/ss@host` reads as host `ci` with port `pa` and a path holding the rest
//! of the password. A lenient parse then sends the secret to DNS and prints it with every
//! URL. A base URL has no query, no fragment and no `@` in its path, so a URL with any of
//! them is refused as ambiguous; the error's text is fixed, so it cannot echo userinfo.

use percent_encoding::percent_decode_str;

use super::auth::{BrokerAuth, Secret};
use super::error::BrokerError;

/// A base URL without user-info, and the basic credentials that user-info held.
#[derive(Debug)]
pub(crate) struct BaseUrl {
    /// `scheme://host[:port][/path]`, without a trailing `/`.
    pub(crate) url: String,
    /// The user-info's credentials, percent-decoded.
    pub(crate) auth: Option<BrokerAuth>,
}

fn invalid(reason: &'static str) -> BrokerError {
    BrokerError::InvalidUrl { reason }
}

/// Parses a broker base URL: `http(s)://[user[:password]@]host[:port][/path]`.
///
/// # Errors
/// [`BrokerError::InvalidUrl`] for another scheme, a query or fragment (`?`, `#`), an `@`
/// after the host, an empty or malformed host, a port that is not a number, or user-info
/// that does not decode to UTF-8.
pub(crate) fn parse_base_url(raw: &str) -> Result<BaseUrl, BrokerError> {
    let raw = raw.trim();
    let (scheme, rest) = raw
        .split_once("://")
        .filter(|(scheme, _)| {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        })
        .ok_or_else(|| invalid("it must start with http:// or https://"))?;
    if rest.contains(['?', '#']) {
        return Err(invalid(
            "it holds '?' or '#' (a base URL has no query or fragment; in a user name or \
             password write them as %3F and %23)",
        ));
    }
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    if path.contains('@') {
        return Err(invalid(
            "it holds '@' after the host, so where the credentials end is ambiguous (in a \
             user name or password write '/' as %2F and '@' as %40)",
        ));
    }
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    check_host_port(host_port)?;
    let auth = userinfo.map(read_userinfo).transpose()?;
    let path = path.trim_end_matches('/');
    let url = format!("{}://{host_port}{path}", scheme.to_ascii_lowercase());
    if url.parse::<http::Uri>().is_err() {
        return Err(invalid("its path holds characters a URL cannot"));
    }
    Ok(BaseUrl { url, auth })
}

fn read_userinfo(userinfo: &str) -> Result<BrokerAuth, BrokerError> {
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let decode = |text: &str| {
        percent_decode_str(text)
            .decode_utf8()
            .map(|text| text.into_owned())
            .map_err(|_| invalid("its user-info does not decode to UTF-8"))
    };
    Ok(BrokerAuth::Basic {
        username: decode(user)?,
        password: Secret::new(decode(password)?),
    })
}

/// `host[:port]`: a registered name or IPv4 address, or a bracketed IPv6 literal, and a
/// decimal port (RFC 3986 §3.2.2, §3.2.3).
fn check_host_port(host_port: &str) -> Result<(), BrokerError> {
    let (host, port) =
        if let Some(literal) = host_port.strip_prefix('[') {
            let (address, after) = literal
                .split_once(']')
                .ok_or_else(|| invalid("its IPv6 host has no closing ']'"))?;
            if address.is_empty()
                || !address
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || ":.".contains(c))
            {
                return Err(invalid("its IPv6 host is not an address"));
            }
            match after {
                "" => (address, None),
                _ => (
                    address,
                    Some(after.strip_prefix(':').ok_or_else(|| {
                        invalid("something other than a port follows its IPv6 host")
                    })?),
                ),
            }
        } else {
            match host_port.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            }
        };
    if host.is_empty() {
        return Err(invalid("it has no host"));
    }
    if !host_port.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~%".contains(c))
    {
        return Err(invalid(
            "its host holds characters a host name cannot (in a user name or password \
             write '/', '?', '#', '@' and ':' percent-encoded)",
        ));
    }
    if let Some(port) = port
        && (port.is_empty()
            || !port.chars().all(|c| c.is_ascii_digit())
            || port.parse::<u16>().is_err())
    {
        return Err(invalid(
            "its port is not a number from 0 to 65535 (in a password write '/', '?' and '#' \
             as %2F, %3F and %23)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(username: &str, password: &str) -> Option<BrokerAuth> {
        Some(BrokerAuth::Basic {
            username: username.into(),
            password: Secret::new(password),
        })
    }

    #[test]
    fn plain_urls_keep_host_port_and_path() {
        for (raw, expected) in [
            ("http://127.0.0.1:9292", "http://127.0.0.1:9292"),
            ("https://broker.example/", "https://broker.example"),
            (
                " https://broker.example/base/ ",
                "https://broker.example/base",
            ),
            ("HTTP://[::1]:9292/pb", "http://[::1]:9292/pb"),
            (
                "http://my_broker.internal:80",
                "http://my_broker.internal:80",
            ),
        ] {
            let parsed = parse_base_url(raw).expect(raw);
            assert_eq!(parsed.url, expected, "{raw}");
            assert_eq!(parsed.auth, None, "{raw}");
        }
    }

    #[test]
    fn userinfo_is_percent_decoded_into_basic_auth() {
        for (raw, user, password) in [
            (
                "https://ci%40corp:p%3Ass@broker.example/base",
                "ci@corp",
                "p:ss",
            ),
            ("http://ci:pa%2Fss%23%3F@127.0.0.1:9", "ci", "pa/ss#?"),
            // The last `@` ends the user-info (RFC 3986 §3.2.1 forbids `@` in it, so that
            // is the only reading).
            ("http://ci:p@ss@127.0.0.1:9", "ci", "p@ss"),
            ("http://only-user@broker.example", "only-user", ""),
        ] {
            let parsed = parse_base_url(raw).expect(raw);
            assert!(!parsed.url.contains('@'), "{raw} -> {}", parsed.url);
            assert_eq!(parsed.auth, basic(user, password), "{raw}");
        }
    }

    #[test]
    fn ambiguous_or_malformed_urls_are_refused_without_echoing_them() {
        for raw in [
            "http://ci:pa/ssXYZ-secret@127.0.0.1:9",
            "http://ci:p#ssXYZ-secret@127.0.0.1:9",
            "http://ci:p?ssXYZ-secret@127.0.0.1:9",
            "https://us/erXYZ-secret:pw@broker.example",
            "http://ci:XYZ-secret@127.0.0.1:9/a@b",
            "http://ci:XYZ-secret@broker.example:port",
            "http://ci:XYZ-secret@",
            "http://ci:XYZ-secret@bro ker",
            "http://ci:XYZ-secret@broker.example:99999",
            "http://ci:XYZ-secret@[::1",
            "ftp://ci:XYZ-secret@broker.example",
            "ci:XYZ-secret@broker.example",
            "http://",
            "http://ci:%FFXYZ-secret@broker.example",
        ] {
            let error = parse_base_url(raw).expect_err(raw);
            assert!(
                matches!(error, BrokerError::InvalidUrl { .. }),
                "{raw}: {error:?}"
            );
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("XYZ-secret") && !shown.contains("\"http:\""),
                "{raw}: {shown}"
            );
        }
    }
}
