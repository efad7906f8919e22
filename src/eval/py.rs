//! The pieces of Python's semantics the reference scorer relies on, reproduced exactly: what
//! `str.isspace()` calls whitespace, `str.splitlines()`, `str.split()`, `int()`, truthiness,
//! `os.path` name handling, universal-newline text reading, `round(x, 4)`, float `repr()` and
//! string `repr()`. Everything else in `eval` is written in terms of these.

use serde_json::Value;

/// Python's `str.isspace()` for one character. Python counts the information separators
/// U+001C..U+001F as whitespace; Rust's `char::is_whitespace` does not.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` with no argument.
pub(super) fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's `str.split()` with no argument: runs of whitespace separate, empty pieces vanish.
pub(super) fn split_whitespace(s: &str) -> Vec<&str> {
    s.split(is_space).filter(|p| !p.is_empty()).collect()
}

/// Python's `str.splitlines()`: the line boundaries are `\n`, `\r`, `\r\n`, `\v`, `\f`,
/// U+001C..U+001E, U+0085, U+2028 and U+2029; the boundaries are dropped.
pub(super) fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !boundary {
            continue;
        }
        out.push(s.get(start..i).unwrap_or(""));
        let mut next = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
            next += 1;
        }
        start = next;
    }
    if start < s.len() {
        out.push(s.get(start..).unwrap_or(""));
    }
    out
}

/// What Python's `open(path, encoding='utf-8').read()` returns for text: universal newlines,
/// so `\r\n` and a lone `\r` both become `\n` (this moves offsets, as it does for the scorer).
pub(super) fn universal_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// The zero of every run of ten decimal digits (Unicode category Nd, as of Unicode 14, which
/// Python 3.11 uses): what Python's `\d` and `int()` accept as digits.
const DIGIT_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a decimal digit as Python's `re` `\d` and `int()` see it.
pub(super) fn digit(c: char) -> Option<u32> {
    let u = u32::from(c);
    let i = DIGIT_ZEROS.partition_point(|&z| z <= u).checked_sub(1)?;
    let zero = *DIGIT_ZEROS.get(i)?;
    (u - zero < 10).then_some(u - zero)
}

/// Python's `int(s)` for a string: surrounding whitespace, an optional sign, decimal digits
/// (any script) with single underscores between them. Values beyond `i64` saturate, which
/// changes nothing once offsets are clamped to the text. `None` where Python raises.
pub(super) fn int_str(s: &str) -> Option<i64> {
    let s = strip(s);
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') {
        return None;
    }
    let mut value: i64 = 0;
    let mut underscore = false;
    for c in digits.chars() {
        if c == '_' {
            if underscore {
                return None;
            }
            underscore = true;
            continue;
        }
        underscore = false;
        let d = i64::from(digit(c)?);
        value = value.saturating_mul(10).saturating_add(d);
    }
    Some(if negative { -value } else { value })
}

/// Python's `int(v)` for a JSON value: integers, booleans, floats (truncated) and numeric
/// strings. `None` where Python raises.
pub(super) fn int_value(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i)
            } else if n.is_u64() {
                Some(i64::MAX)
            } else {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.trunc() as i64)
            }
        }
        Value::String(s) => int_str(s),
        _ => None,
    }
}

/// `isinstance(v, int)` for a parsed JSON value (booleans are ints in Python), with its value.
pub(super) fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.as_i64().unwrap_or(i64::MAX)),
        _ => None,
    }
}

/// Python's truthiness of a parsed JSON value.
pub(super) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `x or y` for optional JSON values (a missing key is Python's `None`).
pub(super) fn or<'a>(x: Option<&'a Value>, y: Option<&'a Value>) -> Option<&'a Value> {
    if x.is_some_and(truthy) { x } else { y }
}

/// Python's `list(v)` for a JSON value: a list's items, a string's characters, an object's
/// keys. `None` where Python raises (numbers, booleans, `None`).
pub(super) fn list(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.clone()),
        Value::String(s) => Some(s.chars().map(|c| Value::String(c.to_string())).collect()),
        Value::Object(o) => Some(o.keys().map(|k| Value::String(k.clone())).collect()),
        _ => None,
    }
}

/// `os.path.basename` (POSIX): the part after the last `/`.
pub(super) fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// `os.path.splitext(p)[0]` (POSIX): drops the last `.suffix` of the last path component,
/// unless the component's only dots lead it (`.bashrc` stays).
pub(super) fn strip_ext(p: &str) -> &str {
    let name_start = p.rfind('/').map_or(0, |i| i + 1);
    let Some(dot) = p.rfind('.') else { return p };
    if dot < name_start {
        return p;
    }
    if p.get(name_start..dot)
        .unwrap_or("")
        .chars()
        .all(|c| c == '.')
    {
        return p;
    }
    p.get(..dot).unwrap_or(p)
}

/// Python's `round(x, 4)`: the nearest multiple of 0.0001 to the exact binary value, ties to
/// even, as a float. Rust's formatting rounds the same way.
pub(super) fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

/// Python's `repr()` (and `str()`) of a float: the shortest digits that read back the same
/// value, in positional notation when the decimal exponent is in `-5 < e < 16` (with `.0` for
/// whole numbers) and as `1e-05` / `1.5e+16` otherwise.
pub(super) fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let point = exp + 1;
    let n = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let body = if point <= -4 || point > 16 {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{first}{frac}e{esign}{:02}", exp.abs())
    } else if point <= 0 {
        format!(
            "0.{}{digits}",
            "0".repeat(usize::try_from(-point).unwrap_or(0))
        )
    } else if point >= n {
        format!(
            "{digits}{}.0",
            "0".repeat(usize::try_from(point - n).unwrap_or(0))
        )
    } else {
        let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
        format!("{int}.{frac}")
    };
    format!("{sign}{body}")
}

/// Code points Python's `str.isprintable()` rejects, apart from unassigned ones (which it also
/// rejects, but which need the full Unicode table): controls, separators other than the space,
/// format characters, surrogates and private use (Unicode 14).
const NOT_PRINTABLE: [(u32, u32); 28] = [
    (0x0, 0x1f),
    (0x7f, 0xa0),
    (0xad, 0xad),
    (0x600, 0x605),
    (0x61c, 0x61c),
    (0x6dd, 0x6dd),
    (0x70f, 0x70f),
    (0x890, 0x891),
    (0x8e2, 0x8e2),
    (0x1680, 0x1680),
    (0x180e, 0x180e),
    (0x2000, 0x200f),
    (0x2028, 0x202f),
    (0x205f, 0x2064),
    (0x2066, 0x206f),
    (0x3000, 0x3000),
    (0xd800, 0xf8ff),
    (0xfeff, 0xfeff),
    (0xfff9, 0xfffb),
    (0x110bd, 0x110bd),
    (0x110cd, 0x110cd),
    (0x13430, 0x13438),
    (0x1bca0, 0x1bca3),
    (0x1d173, 0x1d17a),
    (0xe0001, 0xe0001),
    (0xe0020, 0xe007f),
    (0xf0000, 0xffffd),
    (0x100000, 0x10fffd),
];

fn printable(c: char) -> bool {
    let u = u32::from(c);
    !NOT_PRINTABLE.iter().any(|&(a, b)| (a..=b).contains(&u))
}

/// Python's `repr()` of a string: single quotes unless the text holds a `'` and no `"`,
/// backslash escapes for the quote, `\\`, `\t`, `\n`, `\r`, and `\xhh` / `\uhhhh` /
/// `\Uhhhhhhhh` for characters that are not printable.
pub(super) fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            c if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c => {
                let u = u32::from(c);
                if u <= 0xff {
                    out.push_str(&format!("\\x{u:02x}"));
                } else if u <= 0xffff {
                    out.push_str(&format!("\\u{u:04x}"));
                } else {
                    out.push_str(&format!("\\U{u:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// `json.dumps(v, ensure_ascii=False)` with its default separators `", "` and `": "`.
pub(super) fn json_dumps(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(json_dumps).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        json_dumps(&Value::String(k.clone())),
                        json_dumps(v)
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Number(n) => match n.as_f64() {
            Some(f) if !(n.is_i64() || n.is_u64()) => float_repr(f),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whitespace_is_pythons() {
        for c in [
            '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1c}', '\u{1f}', ' ', '\u{85}',
        ] {
            assert!(is_space(c), "{c:?}");
        }
        for c in ['\u{a0}', '\u{2009}', '\u{2028}', '\u{3000}'] {
            assert!(is_space(c), "{c:?}");
        }
        for c in ['a', '\u{200b}', '\u{feff}', '\u{180e}', '\u{0}'] {
            assert!(!is_space(c), "{c:?}");
        }
        assert_eq!(strip("\u{1c} x y\u{a0}\n"), "x y");
        assert_eq!(split_whitespace(" 12\u{1d}\t 30 "), ["12", "30"]);
    }

    #[test]
    fn splitlines_matches_python() {
        assert_eq!(
            splitlines("a\nb\r\nc\rd\u{2028}e\u{b}f\n"),
            ["a", "b", "c", "d", "e", "f"]
        );
        assert_eq!(splitlines("a\n\nb"), ["a", "", "b"]);
        assert_eq!(splitlines(""), Vec::<&str>::new());
        assert_eq!(splitlines("\n"), [""]);
        assert_eq!(universal_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn int_follows_python() {
        assert_eq!(int_str(" 42 "), Some(42));
        assert_eq!(int_str("-7"), Some(-7));
        assert_eq!(int_str("+1_000"), Some(1000));
        assert_eq!(int_str("\u{663}"), Some(3));
        for bad in ["", "1__0", "_1", "1_", "1.5", "x", "--1"] {
            assert_eq!(int_str(bad), None, "{bad:?}");
        }
        assert_eq!(int_value(&json!(5.9)), Some(5));
        assert_eq!(int_value(&json!(-5.9)), Some(-5));
        assert_eq!(int_value(&json!(true)), Some(1));
        assert_eq!(int_value(&json!("12")), Some(12));
        assert_eq!(int_value(&json!(null)), None);
        assert_eq!(as_int(&json!(3)), Some(3));
        assert_eq!(as_int(&json!(false)), Some(0));
        assert_eq!(as_int(&json!(3.0)), None);
        assert_eq!(digit('٩'), Some(9));
        assert_eq!(digit('²'), None);
    }

    #[test]
    fn truthiness_and_or() {
        for v in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert!(!truthy(&v), "{v}");
        }
        for v in [
            json!(true),
            json!(-1),
            json!(" "),
            json!([0]),
            json!({"a": 0}),
        ] {
            assert!(truthy(&v), "{v}");
        }
        let (a, b) = (json!(""), json!("x"));
        assert_eq!(or(Some(&a), Some(&b)), Some(&b));
        assert_eq!(or(Some(&b), None), Some(&b));
        assert_eq!(or(Some(&a), None), None);
        assert_eq!(list(&json!("ab")), Some(vec![json!("a"), json!("b")]));
        assert_eq!(list(&json!(3)), None);
    }

    #[test]
    fn paths_like_os_path() {
        assert_eq!(basename("a/b/c.txt"), "c.txt");
        assert_eq!(basename("c"), "c");
        assert_eq!(basename("a/"), "");
        for (p, want) in [
            ("c.txt", "c"),
            ("a.b.c", "a.b"),
            (".bashrc", ".bashrc"),
            ("..x", "..x"),
            ("a.", "a"),
            ("x/y.z/w", "x/y.z/w"),
            ("x/.y", "x/.y"),
            ("x/a.b", "x/a"),
            ("noext", "noext"),
        ] {
            assert_eq!(strip_ext(p), want, "{p}");
        }
    }

    #[test]
    fn floats_print_like_python() {
        assert_eq!(round4(0.03125), 0.0312);
        assert_eq!(round4(2.0 / 3.0), 0.6667);
        assert_eq!(round4(0.00015), 0.0001);
        for (x, want) in [
            (1.0, "1.0"),
            (0.0, "0.0"),
            (0.5625, "0.5625"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123.25, "123.25"),
            (1e16, "1e+16"),
            (1234567890123456.0, "1234567890123456.0"),
            (-0.25, "-0.25"),
            (1.5e-7, "1.5e-07"),
        ] {
            assert_eq!(float_repr(x), want, "{x}");
        }
    }

    #[test]
    fn strings_repr_like_python() {
        assert_eq!(str_repr("plain"), "'plain'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("it's \"x\""), "'it\\'s \"x\"'");
        assert_eq!(str_repr("a\\b\tc\n"), "'a\\\\b\\tc\\n'");
        assert_eq!(str_repr("\u{a0}\u{200b}\u{1}é“”"), "'\\xa0\\u200b\\x01é“”'");
        assert_eq!(str_repr("\u{f0000}"), "'\\U000f0000'");
        assert_eq!(
            json_dumps(&json!(["Qin", ["X"], null, [], 1.0, 2, {"k": "é"}])),
            "[\"Qin\", [\"X\"], null, [], 1.0, 2, {\"k\": \"é\"}]"
        );
    }
}
