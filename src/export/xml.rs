//! Escaping for the XML exports (GraphML, GEXF). XML 1.0 cannot carry most C0 control
//! characters even as character references, so those (and the non-characters U+FFFE, U+FFFF)
//! become U+FFFD; tab, line feed and carriage return are written as character references so
//! they survive in attribute values and are not normalised away.

/// Text escaped for XML 1.0 element content and double- or single-quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if u32::from(c) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped_or_replaced() {
        assert_eq!(
            escape("a<b>&\"c'\t\n\r]]>"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#9;&#10;&#13;]]&gt;"
        );
        assert_eq!(
            escape("x\u{0}\u{1}\u{1b}\u{ffff}y"),
            "x\u{fffd}\u{fffd}\u{fffd}\u{fffd}y"
        );
        assert_eq!(escape("😀 مرحبا \u{2028}"), "😀 مرحبا \u{2028}");
    }
}
